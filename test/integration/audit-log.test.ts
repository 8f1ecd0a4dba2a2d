import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { createForeignProgram } from '../support/foreign-program';
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

  it("gives another program's admin none of this program's audit rows", async () => {
    // An admin of the foreign program, and audit rows on both sides.
    const foreign = await createForeignProgram(server.services.db);
    const ourAdmin = await login(server.url, 'admin@demo.test');
    await api(server.url, 'GET', `/api/patients/${foreign.patientId}`, {
      token: ourAdmin.token,
    });
    const foreignAdmin = `foreign-admin-${foreign.programId.slice(0, 8)}@other.test`;
    await server.services.db.query(
      `INSERT INTO users (program_id, email, password_hash, role, display_name)
       SELECT $1, $2, password_hash, 'admin', 'Foreign Admin' FROM users
       WHERE email = 'admin@demo.test'`,
      [foreign.programId, foreignAdmin],
    );
    const theirs = await login(server.url, foreignAdmin);
    const pcp = await login(server.url, foreign.pcpEmail);
    await api(server.url, 'GET', `/api/patients/${foreign.patientId}`, {
      token: pcp.token,
    });
    const ours = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id = a.user_id
       WHERE u.program_id <> $1`,
      [foreign.programId],
    );
    expect(ours.rows[0]!.n).toBeGreaterThan(0);
    const demoIds = new Set(
      (
        await server.services.db.query<{ id: string }>(
          'SELECT id FROM users WHERE program_id <> $1 UNION ALL ' +
            'SELECT p.id FROM patients p JOIN practices pr ON pr.id = p.practice_id WHERE pr.program_id <> $1',
          [foreign.programId],
        )
      ).rows.map((r) => r.id),
    );
    const search = await api(server.url, 'GET', '/api/audit?limit=10000', {
      token: theirs.token,
    });
    expect(search.status).toBe(200);
    const rows: { userId: string | null; patientId: string | null }[] =
      search.body.rows;
    // Their own rows are there (the PCP's read), ours are not.
    expect(rows.some((r) => r.patientId === foreign.patientId)).toBe(true);
    expect(
      rows.filter(
        (r) => demoIds.has(r.userId ?? '') || demoIds.has(r.patientId ?? ''),
      ),
    ).toEqual([]);
    const csv = await fetch(`${server.url}/api/audit/export.csv?limit=10000`, {
      headers: { authorization: `Bearer ${theirs.token}` },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect([...demoIds].filter((id) => text.includes(id))).toEqual([]);
    expect(text).toContain(foreign.patientId);
    // And our admin still sees our rows (our staff's refused probes at their
    // patient included) but none of their staff's.
    const mine = await api(server.url, 'GET', '/api/audit?limit=10000', {
      token: ourAdmin.token,
    });
    const mineRows: { userId: string | null }[] = mine.body.rows;
    expect(mineRows.length).toBeGreaterThan(0);
    expect(
      mineRows.filter((r) =>
        [pcp.user.id, theirs.user.id].includes(r.userId ?? ''),
      ),
    ).toEqual([]);
  });
});
