import type { RunningServer } from '../../server/main';
import {
  acceptedConsult,
  type ConsultFixture,
} from '../support/consult-fixtures';
import { STORE_KINDS } from '../support/databases';
import { connectSocket, connected, nextEvent } from '../support/socket-client';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

const DRAFT = {
  question:
    'Sertraline dose for a 13-year-old with <script>alert(1)</script> anxiety?',
  assessment: 'Generalized anxiety, moderate.',
  recommendations: 'Increase to 50 mg after one week.\n\nRecheck in 4 weeks.',
  medicationGuidance: 'Watch for activation.',
  followUp: 'Call back if no response in 6 weeks.',
  verbalDiscussion: true,
  disposition: 'advice_to_pcp',
  diagnosisCategories: ['anxiety'],
};

describe.each(STORE_KINDS)('written consult report on %s', (store) => {
  let server: RunningServer;
  let c: ConsultFixture;
  let psych: Session, pcp: Session, otherPsych: Session, coordinator: Session;
  const url = (suffix = '') => `/api/consults/${c.consultId}/report${suffix}`;

  beforeAll(async () => {
    server = await startTestServer({ store });
    c = await acceptedConsult(server.services.db, { status: 'wrap_up' });
    [psych, pcp, otherPsych, coordinator] = (await Promise.all(
      [
        'psych.child@demo.test',
        'pcp@demo.test',
        'psych.addiction@demo.test',
        'coordinator@demo.test',
      ].map((e) => login(server.url, e)),
    )) as [Session, Session, Session, Session];
  }, 120_000);
  afterAll(() => server?.close());

  it('lets only the assigned psychiatrist draft; the PCP does not see a draft', async () => {
    expect(
      (
        await api(server.url, 'PUT', url(), {
          token: otherPsych.token,
          body: DRAFT,
        })
      ).status,
    ).toBe(403);
    const put = await api(server.url, 'PUT', url(), {
      token: psych.token,
      body: { ...DRAFT, assessment: '', disposition: null },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      status: 'draft',
      authorId: c.psychiatristId,
      signedAt: null,
    });
    expect(
      (await api(server.url, 'GET', url(), { token: pcp.token })).status,
    ).toBe(404);
    expect(
      (await api(server.url, 'GET', url(), { token: coordinator.token })).body
        .status,
    ).toBe('draft');
    const tooEarly = await api(server.url, 'POST', url('/sign'), {
      token: psych.token,
    });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.details).toEqual([
      { field: 'assessment', message: 'is required before signing' },
      { field: 'disposition', message: 'is required before signing' },
    ]);
    expect(
      (await api(server.url, 'PUT', url(), { token: psych.token, body: DRAFT }))
        .body.assessment,
    ).toBe(DRAFT.assessment);
  });

  it('signs, locks and delivers the report to the requesting PCP live', async () => {
    const sock = connectSocket(server.url, pcp.token);
    await connected(sock);
    try {
      const delivered = nextEvent(sock, 'report:delivered');
      const signed = await api(server.url, 'POST', url('/sign'), {
        token: psych.token,
      });
      expect(signed.status).toBe(200);
      expect(signed.body).toMatchObject({
        status: 'signed',
        signedBy: c.psychiatristId,
      });
      expect(await delivered).toEqual({
        consultId: c.consultId,
        reportId: signed.body.id,
        addendumId: null,
        signedAt: signed.body.signedAt,
      });
    } finally {
      sock.close();
    }
    const seen = await api(server.url, 'GET', url(), { token: pcp.token });
    expect(seen.status).toBe(200);
    expect(seen.body.recommendations).toBe(DRAFT.recommendations);
    const inbox = await api(server.url, 'GET', '/api/reports', {
      token: pcp.token,
    });
    expect(inbox.body.reports).toContainEqual(
      expect.objectContaining({
        consultId: c.consultId,
        reportId: seen.body.id,
        addendumCount: 0,
        lastDeliveredAt: expect.any(String),
      }),
    );
  });

  it('refuses edits after signing, over the API (409) and at the database', async () => {
    const edit = await api(server.url, 'PUT', url(), {
      token: psych.token,
      body: DRAFT,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({
      code: 'illegal_transition',
      details: { from: 'signed', to: 'draft' },
    });
    expect(
      (await api(server.url, 'POST', url('/sign'), { token: psych.token }))
        .status,
    ).toBe(409);
    await expect(
      server.services.db.query(
        `UPDATE consult_reports SET assessment = 'changed' WHERE consult_id = $1`,
        [c.consultId],
      ),
    ).rejects.toThrow(/locked/);
    await expect(
      server.services.db.query(
        `DELETE FROM consult_reports WHERE consult_id = $1`,
        [c.consultId],
      ),
    ).rejects.toThrow(/locked/);
  });

  it('adds signed addenda, delivered like the report', async () => {
    const sock = connectSocket(server.url, pcp.token);
    await connected(sock);
    try {
      const delivered = nextEvent(sock, 'report:delivered');
      const r = await api(server.url, 'POST', url('/addenda'), {
        token: psych.token,
        body: { body: 'Correction: recheck in 3 weeks.' },
      });
      expect(r.status).toBe(201);
      expect(r.body.addenda).toEqual([
        expect.objectContaining({
          body: 'Correction: recheck in 3 weeks.',
          authorId: c.psychiatristId,
        }),
      ]);
      expect((await delivered).addendumId).toBe(r.body.addenda[0].id);
    } finally {
      sock.close();
    }
    expect(
      (
        await api(server.url, 'POST', url('/addenda'), {
          token: psych.token,
          body: { body: ' ' },
        })
      ).body.error.details[0].field,
    ).toBe('body');
  });

  it('prints an escaped, self-contained page with the addendum', async () => {
    const page = await api(server.url, 'GET', url('/print'), {
      token: pcp.token,
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
    const html = String(page.body);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Electronically signed by Dr. Ana Ortiz');
    expect(html).toContain('Correction: recheck in 3 weeks.');
    expect(html).toContain(
      'Increase to 50 mg after one week.</p><p>Recheck in 4 weeks.',
    );
  });

  it('audits every read and write of the report', async () => {
    const { rows } = await server.services.db.query<{
      action: string;
      n: number;
    }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND resource_type = 'consult_report' GROUP BY action`,
      [c.patientId],
    );
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(byAction).toMatchObject({
      'report.create': 1,
      'report.sign': 1,
      'report.addendum': 1,
      'report.print': 1,
    });
    expect(byAction['report.read']).toBeGreaterThanOrEqual(2);
  });
});
