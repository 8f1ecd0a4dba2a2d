import type { Clock } from '../../server/clock';
import type { RunningServer } from '../../server/main';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { eventually } from '../support/eventually';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(60_000);

const H = 3_600_000;

/**
 * The coordinators' list of overdue eConsults reads what the sweeper
 * marked: past the reply target and still waiting (pooled or claimed),
 * oldest first, with the practice and the clinicians to chase; one filed
 * later is not on it until it, too, is past its target. Coordinators and
 * admins only.
 */
describe('overdue eConsults for coordinators', () => {
  let server: RunningServer;
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server.close());

  it('lists the eConsults past their reply target, oldest first', async () => {
    const { url } = server;
    const patientId = await demoPatientId(server.services.db);
    const pcp = (await login(url, 'pcp@demo.test')).token;
    const pooled = await fileEconsult(url, pcp, patientId);
    offset += 60_000;
    const claimed = await fileEconsult(url, pcp, patientId);
    const psy = await login(url, 'psych.child@demo.test');
    const claim = await api(url, 'POST', `/api/consults/${claimed}/claim`, {
      token: psy.token,
    });
    expect(claim.status).toBe(200);

    const overdue = async () =>
      api(url, 'GET', '/api/econsults/overdue', {
        token: (await login(url, 'coordinator@demo.test')).token,
      });
    // Under the 24 h target: nothing to chase yet.
    offset += 23 * H;
    await server.services.econsultSweeper.sweep();
    expect((await overdue()).body).toEqual({ targetHours: 24, consults: [] });

    offset += 2 * H;
    const late = await fileEconsult(
      url,
      (await login(url, 'pcp@demo.test')).token,
      patientId,
    );
    // This sweep or the interval's own marks them (once, whichever wins).
    await server.services.econsultSweeper.sweep();
    const res = await eventually(async () => {
      const r = await overdue();
      return r.body.consults?.length >= 2 ? r : null;
    });
    expect(res.status).toBe(200);
    expect(res.body.targetHours).toBe(24);
    const rows = res.body.consults as Record<string, unknown>[];
    expect(rows.map((r) => r.consultId)).toEqual([pooled, claimed]);
    expect(rows.map((r) => r.consultId)).not.toContain(late);
    expect(rows[0]).toMatchObject({
      status: 'pooled',
      claimedByName: null,
      practiceName: expect.stringMatching(/\S/),
      requestedByName: expect.stringContaining('Chen'),
    });
    // Server time: filed 25 h before the (shifted) server clock's now.
    expect(rows.map((r) => r.hoursSinceFiled)).toEqual([25, 25]);
    expect(rows[1]).toMatchObject({
      status: 'claimed',
      claimedByName: psy.user.displayName,
    });
    expect(Date.parse(rows[1]!.overdueSince as string)).toBeGreaterThan(
      Date.parse(rows[1]!.queuedAt as string) + 24 * H,
    );

    // Not the PCP's or the psychiatrist's list.
    for (const email of ['pcp@demo.test', 'psych.child@demo.test']) {
      const r = await api(url, 'GET', '/api/econsults/overdue', {
        token: (await login(url, email)).token,
      });
      expect(r.status).toBe(403);
    }
  });
});
