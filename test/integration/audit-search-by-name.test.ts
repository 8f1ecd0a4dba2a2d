import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { createForeignProgram } from '../support/foreign-program';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Issue 19: audit search by patient or user name failed with "Invalid
 * UUID". An admin searches by part of a name, reads names, not ids, and
 * never sees another program's rows, even for a patient of the same name.
 */
describe.each(STORE_KINDS)('audit search by name on %s', (store) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ store });
  });
  afterAll(() => server.close());

  it('finds rows by patient and user name, shows names, stays in the program', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const admin = await login(server.url, 'admin@demo.test');
    const patients = (
      await api(server.url, 'GET', '/api/patients', { token: pcp.token })
    ).body.patients;
    const maya = patients.find((p: any) => p.givenName === 'Maya');
    await api(server.url, 'GET', `/api/patients/${maya.id}`, {
      token: pcp.token,
    });
    // Another program has a Maya Rivera too, read by its own PCP.
    const foreign = await createForeignProgram(server.services.db);
    const twin = (
      await server.services.db.query<{ id: string }>(
        `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state)
         VALUES ($1, 'Maya', 'Rivera', '2011-04-02', 'female', 'NH') RETURNING id`,
        [foreign.practiceId],
      )
    ).rows[0]!.id;
    const other = await login(server.url, foreign.pcpEmail, 'demo-password-1');
    expect(
      (
        await api(server.url, 'GET', `/api/patients/${twin}`, {
          token: other.token,
        })
      ).status,
    ).toBe(200);

    const search = (q: string) =>
      api(server.url, 'GET', `/api/audit?${q}`, { token: admin.token });
    for (const name of ['maya riv', 'Rivera Maya', 'MAYA']) {
      const r = await search(`patientName=${encodeURIComponent(name)}`);
      expect(r.status).toBe(200);
      expect(r.body.rows.length).toBeGreaterThan(0);
      const ids = new Set(r.body.rows.map((x: any) => x.patientId));
      expect([...ids]).toEqual([maya.id]);
      expect(new Set(r.body.rows.map((x: any) => x.patientName))).toEqual(
        new Set(['Maya Rivera']),
      );
    }
    const byUser = await search('userName=chen&action=patient.read');
    expect(byUser.status).toBe(200);
    expect(byUser.body.rows.length).toBeGreaterThan(0);
    for (const r of byUser.body.rows)
      expect([r.userId, r.userName, r.role]).toEqual([
        pcp.user.id,
        'Dr. Paula Chen (pediatrics)',
        'pcp',
      ]);
    // By email too; LIKE wildcards are taken literally, not as "match all".
    expect(
      (await search('userName=pcp%40demo')).body.rows.length,
    ).toBeGreaterThan(0);
    expect((await search('patientName=%25%25')).body.rows).toEqual([]);
    expect((await search('userName=Foreign%20PCP')).body.rows).toEqual([]);
    // A one-letter name is refused with a sentence, not searched.
    const short = await search('patientName=M');
    expect([short.status, short.body.error.code]).toEqual([
      400,
      'validation_failed',
    ]);
  });
});
