import type { RunningServer } from '../../server/main';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(120_000);

const BOUNDARY = '----econsult-test-boundary';
const MB = 1024 * 1024;

/** A multipart/form-data body with one file; `truncate` drops the closing boundary. */
function multipart(name: string, bytes: Buffer, truncate = false): Buffer {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return truncate
    ? Buffer.concat([head, bytes.subarray(0, bytes.length >> 1)])
    : Buffer.concat([head, bytes, tail]);
}

const pdf = (size = 2048) => {
  const b = Buffer.alloc(size, 0x20);
  b.write('%PDF-1.7\n');
  return b;
};

describe('eConsult attachments', () => {
  let server: RunningServer;
  let url: string;
  let pcp: string;
  let patientId: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    pcp = (await login(url, 'pcp@demo.test')).token;
    patientId = await demoPatientId(server.services.db);
  });
  afterAll(() => server?.close());

  const upload = async (id: string, body: Buffer, token = pcp) => {
    const res = await fetch(`${url}/api/consults/${id}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const stored = async (id: string) =>
    (
      await server.services.db.query(
        'SELECT 1 FROM econsult_attachments WHERE consult_id = $1',
        [id],
      )
    ).rows.length;

  it('stores a PDF checksummed and serves it only as an audited download', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    const bytes = pdf();
    const up = await upload(id, multipart('labs.pdf', bytes));
    expect(up.status).toBe(201);
    expect(up.body.attachment).toMatchObject({
      fileName: 'labs.pdf',
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
    });
    const res = await fetch(
      `${url}/api/consults/${id}/attachments/${up.body.attachment.id}`,
      { headers: { authorization: `Bearer ${pcp}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="labs.pdf"',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const { rows } = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'econsult.attachment_download'
         AND resource_id = $1`,
      [up.body.attachment.id],
    );
    expect(rows).toHaveLength(1);
    // Outside the care team: the biller, and a psychiatrist not on the eConsult.
    for (const email of ['biller@demo.test', 'psych.perinatal@demo.test']) {
      const token = (await login(url, email)).token;
      const r = await api(
        url,
        'GET',
        `/api/consults/${id}/attachments/${up.body.attachment.id}`,
        { token },
      );
      expect(r.status).toBe(403);
    }
  });

  it.each([
    [
      'a .pdf that is an executable',
      () => multipart('report.pdf', Buffer.from('MZ\x90\x00executable')),
      415,
      'unsupported_file_type',
    ],
    [
      'a file of 10 MB + 1 byte',
      () => multipart('big.pdf', pdf(10 * MB + 1)),
      413,
      'file_too_large',
    ],
    [
      'a zero-byte file',
      () => multipart('empty.pdf', Buffer.alloc(0)),
      400,
      'empty_file',
    ],
    [
      'a truncated multipart body',
      () => multipart('labs.pdf', pdf(4096), true),
      400,
      'upload_incomplete',
    ],
  ])(
    'refuses %s with its status and stores nothing',
    async (_n, body, status, code) => {
      const id = await fileEconsult(url, pcp, patientId);
      const r = await upload(id, body());
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(/\.$/);
      expect(await stored(id)).toBe(0);
    },
  );

  it('takes exactly 10 MB and refuses a sixth file', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    expect((await upload(id, multipart('max.pdf', pdf(10 * MB)))).status).toBe(
      201,
    );
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff]),
      Buffer.alloc(64),
    ]);
    for (const b of [png, jpeg, pdf(), pdf()])
      expect((await upload(id, multipart('f', b))).status).toBe(201);
    const sixth = await upload(id, multipart('six.pdf', pdf()));
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('too_many_attachments');
    expect(await stored(id)).toBe(5);
    const list = await api(url, 'GET', `/api/consults/${id}/attachments`, {
      token: pcp,
    });
    expect(list.body.attachments.map((a: any) => a.mediaType)).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/pdf',
      'application/pdf',
    ]);
  });
});
