import type { RunningServer } from '../../server/main';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A behavioral health session and its minutes in the time ledger are one
 * transaction on real PostgreSQL: when either write fails (a trigger the
 * test installs refuses it), neither row is left, the number is not used
 * up, and the clinician gets a JSON error without a stack. With the fault
 * gone, the same note is session 1 pointing at its ledger row.
 */
describe('episode session and its ledger time', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const note = (minutes: number, focus = 'Low mood') => ({
    mode: 'video',
    minutes,
    focus,
    interventions: ['cbt_skills'],
    homework: '',
    riskLevel: 'low',
  });
  const q = async <T>(sql: string, params: unknown[] = []) =>
    (await server.services.db.query<T & Record<string, unknown>>(sql, params))
      .rows;

  it('leaves neither row when the ledger or the session write fails', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const bh = await login(server.url, 'bh@demo.test');
    const [lena] = await q<{ id: string }>(
      `SELECT id FROM patients WHERE given_name = 'Lena'`,
    );
    const referred = await api(
      server.url,
      'POST',
      `/api/patients/${lena!.id}/episodes`,
      { token: pcp.token, body: { reason: 'Low mood' } },
    );
    expect(referred.status).toBe(201);
    const episodeId: string = referred.body.id;
    const rowsNow = async () => ({
      sessions: Number(
        (
          await q<{ n: string }>(
            'SELECT count(*) AS n FROM bh_sessions WHERE episode_id = $1',
            [episodeId],
          )
        )[0]!.n,
      ),
      ledger: Number(
        (
          await q<{ n: string }>(
            'SELECT count(*) AS n FROM time_ledger_entries WHERE patient_id = $1',
            [lena!.id],
          )
        )[0]!.n,
      ),
    });
    const before = await rowsNow();
    const post = (body: unknown) =>
      api(server.url, 'POST', `/api/episodes/${episodeId}/sessions`, {
        token: bh.token,
        body,
      });

    // The ledger refuses 37-minute rows: the session written before it in
    // the same transaction must go too.
    await q(`CREATE FUNCTION test_refuse() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`);
    await q(`CREATE TRIGGER test_refuse_ledger BEFORE INSERT ON time_ledger_entries
      FOR EACH ROW WHEN (NEW.minutes = 37) EXECUTE FUNCTION test_refuse()`);
    const ledgerFails = await post(note(37));
    expect(ledgerFails.status).toBe(500);
    expect(ledgerFails.body.error.code).toBeDefined();
    expect(JSON.stringify(ledgerFails.body)).not.toMatch(
      /at .*\.ts|refused by/,
    );
    expect(await rowsNow()).toEqual(before);

    // The session refuses its row after the ledger row was written.
    await q(`CREATE TRIGGER test_refuse_session BEFORE INSERT ON bh_sessions
      FOR EACH ROW WHEN (NEW.focus = 'refuse me') EXECUTE FUNCTION test_refuse()`);
    const sessionFails = await post(note(30, 'refuse me'));
    expect(sessionFails.status).toBe(500);
    expect(await rowsNow()).toEqual(before);

    await q('DROP TRIGGER test_refuse_ledger ON time_ledger_entries');
    await q('DROP TRIGGER test_refuse_session ON bh_sessions');
    const ok = await post(note(37));
    expect(ok.status).toBe(201);
    expect(ok.body.number).toBe(1);
    expect(await rowsNow()).toEqual({
      sessions: before.sessions + 1,
      ledger: before.ledger + 1,
    });
    const linked = await q<{ minutes: number; activity: string }>(
      `SELECT t.minutes, t.activity FROM bh_sessions s
         JOIN time_ledger_entries t ON t.id = s.ledger_entry_id
        WHERE s.episode_id = $1`,
      [episodeId],
    );
    expect(linked).toEqual([{ minutes: 37, activity: 'care_management' }]);
  });
});
