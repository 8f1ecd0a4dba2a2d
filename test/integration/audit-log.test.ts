import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

describe.each(STORE_KINDS)('audit log on %s', (store) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ store });
  });
  afterAll(() => server.close());

  it('writes an audit row for every patient read, with user, role, request id and address', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const list = await api(server.url, 'GET', '/api/patients', {
      token: pcp.token,
    });
    expect(list.status).toBe(200);
    const patient = list.body.patients[0];
    const read = await api(server.url, 'GET', `/api/patients/${patient.id}`, {
      token: pcp.token,
    });
    expect(read.status).toBe(200);
    const requestId = read.headers.get('x-request-id');
    const { rows } = await server.services.db.query<Record<string, unknown>>(
      `SELECT * FROM audit_log WHERE action = 'patient.read' AND patient_id = $1`,
      [patient.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: pcp.user.id,
      role: 'pcp',
      outcome: 'allowed',
      request_id: requestId,
      resource_type: 'patient',
    });
    expect(rows[0]!.client_ip).toBeTruthy();
  });

  it.each([
    'UPDATE audit_log SET action = $1',
    'DELETE FROM audit_log WHERE action <> $1',
    'TRUNCATE audit_log',
  ])('refuses %s at the database', async (sql) => {
    const before = await server.services.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log',
    );
    expect(before.rows[0]!.n).toBeGreaterThan(0);
    await expect(
      server.services.db.query(sql, sql.includes('$1') ? ['tampered'] : []),
    ).rejects.toThrow(/append-only/);
    const after = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'tampered'`,
    );
    expect(after.rows[0]!.n).toBe(0);
  });

  it('lets an admin search by patient and export CSV; refuses everyone else', async () => {
    const admin = await login(server.url, 'admin@demo.test');
    const pcp = await login(server.url, 'pcp@demo.test');
    const patient = (
      await api(server.url, 'GET', '/api/patients', { token: pcp.token })
    ).body.patients[1];
    await api(server.url, 'GET', `/api/patients/${patient.id}`, {
      token: pcp.token,
    });
    const found = await api(
      server.url,
      'GET',
      `/api/audit?patientId=${patient.id}`,
      { token: admin.token },
    );
    expect(found.status).toBe(200);
    expect(
      found.body.rows.every(
        (r: { patientId: string }) => r.patientId === patient.id,
      ),
    ).toBe(true);
    expect(
      found.body.rows.some(
        (r: { action: string }) => r.action === 'patient.read',
      ),
    ).toBe(true);
    const csv = await api(
      server.url,
      'GET',
      `/api/audit/export.csv?patientId=${patient.id}`,
      { token: admin.token },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\r\n')[0]).toBe(
      'id,at,userId,role,actorLabel,action,patientId,resourceType,resourceId,outcome,requestId,clientIp,details',
    );
    expect(String(csv.body)).toContain(patient.id);
    expect(
      (await api(server.url, 'GET', '/api/audit', { token: pcp.token })).status,
    ).toBe(403);
  });

  it('audits a cross-practice patient read as denied', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const other = await server.services.db.query<{ id: string }>(
      `INSERT INTO practices (program_id, name, state) SELECT program_id, 'Other Practice', 'MA' FROM practices LIMIT 1 RETURNING id`,
    );
    const p = await server.services.db.query<{ id: string }>(
      `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state) VALUES ($1, 'X', 'Y', '2010-01-01', 'male', 'MA') RETURNING id`,
      [other.rows[0]!.id],
    );
    const r = await api(server.url, 'GET', `/api/patients/${p.rows[0]!.id}`, {
      token: pcp.token,
    });
    expect(r.status).toBe(403);
    const { rows } = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE patient_id = $1 AND outcome = 'denied'`,
      [p.rows[0]!.id],
    );
    expect(rows.length).toBeGreaterThan(0);
  });
});
