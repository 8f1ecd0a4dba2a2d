import type { Socket } from 'socket.io-client';
import type { Clock } from '../../server/clock';
import type { RunningServer } from '../../server/main';
import { freshPostgresUrl } from '../support/databases';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { connectSocket, connected } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(120_000);

const H = 3_600_000;

/** Server time we can move forward: the reply clock reads only this. */
function shiftedClock() {
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  return { clock, advance: (ms: number) => (offset += ms) };
}

describe('eConsult reply target and expiry', () => {
  const sockets: Socket[] = [];
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of servers) await s.close();
  });

  async function listen(url: string, email: string, event: string) {
    const token = (await login(url, email)).token;
    const socket = connectSocket(url, token);
    sockets.push(socket);
    const got: any[] = [];
    socket.on(event, (e) => got.push(e));
    await connected(socket);
    return { token, got };
  }

  it('alerts coordinators once past the target (pauses: unit test)', async () => {
    const t = shiftedClock();
    const server = await startTestServer({
      clock: t.clock,
      env: { QUEUE_SWEEP_MS: '100' },
    });
    servers.push(server);
    const { url } = server;
    const coord = await listen(
      url,
      'coordinator@demo.test',
      'econsult:overdue',
    );
    const pcp = (await login(url, 'pcp@demo.test')).token;
    const patientId = await demoPatientId(server.services.db);
    const id = await fileEconsult(url, pcp, patientId);
    // 23 h: under the 24 h default, no alert.
    t.advance(23 * H);
    await server.services.econsultSweeper.sweep();
    expect(coord.got).toEqual([]);
    t.advance(2 * H);
    // Several sweeps (and the interval's own) still alert once.
    await server.services.econsultSweeper.sweep();
    await server.services.econsultSweeper.sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(coord.got.filter((e) => e.consultId === id)).toEqual([
      { consultId: id, status: 'pooled', targetHours: 24 },
    ]);
    // A new sign-in: the first token expired in the 25 h that passed.
    const again = (await login(url, 'pcp@demo.test')).token;
    const c = await api(url, 'GET', `/api/consults/${id}`, { token: again });
    expect(c.body.consult.replyOverdueAt).not.toBeNull();
  });

  it('with program hours the sweeper counts business time: closed days count nothing', async () => {
    const t = shiftedClock();
    const server = await startTestServer({ clock: t.clock });
    servers.push(server);
    const { url } = server;
    // Open 09:00-10:00 every day (a one-hour business day), but the next
    // five local dates are holidays: 30 wall hours pass with no open time.
    const local = (d: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
        Date.now() + d * 24 * H,
      );
    const hour = [{ open: '09:00', close: '10:00' }];
    // Filed before the hours are set (eConsults are accepted while closed too).
    const pcp = (await login(url, 'pcp@demo.test')).token;
    const id = await fileEconsult(
      url,
      pcp,
      await demoPatientId(server.services.db),
    );
    // Claimed, so it waits on a reply (an unclaimed one would expire at 72 h).
    const claim = await api(url, 'POST', `/api/consults/${id}/claim`, {
      token: (await login(url, 'psych.child@demo.test')).token,
    });
    expect(claim.status).toBe(200);
    const admin = (await login(url, 'admin@demo.test')).token;
    const put = await api(url, 'PUT', '/api/program/hours', {
      token: admin,
      body: {
        weekly: Object.fromEntries(
          ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [
            d,
            hour,
          ]),
        ),
        holidays: [0, 1, 2, 3, 4].map(local),
      },
    });
    expect(put.status).toBe(200);
    const coord = await listen(
      url,
      'coordinator@demo.test',
      'econsult:overdue',
    );
    // Past the 24 wall hours: on business time nothing is due yet.
    t.advance(30 * H);
    expect((await server.services.econsultSweeper.sweep()).overdue).toEqual([]);
    // A week on, the first open hour after the holidays has passed.
    t.advance(6 * 24 * H);
    expect((await server.services.econsultSweeper.sweep()).overdue).toEqual([
      id,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(coord.got.map((e) => e.consultId)).toContain(id);
  });

  it('expires an unclaimed eConsult past the setting and tells the PCP, across a restart', async () => {
    const databaseUrl = await freshPostgresUrl();
    const first = await startTestServer({ databaseUrl });
    const pcpToken = (await login(first.url, 'pcp@demo.test')).token;
    const patientId = await demoPatientId(first.services.db);
    const id = await fileEconsult(first.url, pcpToken, patientId);
    await first.close();
    // A new process, 73 h later (past the 72 h default): the rows are the state.
    const t = shiftedClock();
    t.advance(73 * H);
    const second = await startTestServer({
      databaseUrl,
      clock: t.clock,
      env: { QUEUE_SWEEP_MS: '100' },
    });
    servers.push(second);
    const pcp = await listen(second.url, 'pcp@demo.test', 'econsult:expired');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && pcp.got.length === 0)
      await new Promise((r) => setTimeout(r, 100));
    // The sweeper may have expired it before the socket joined: read the row.
    const c = await api(second.url, 'GET', `/api/consults/${id}`, {
      token: pcp.token,
    });
    expect(c.body.consult.status).toBe('expired');
    expect(
      c.body.transitions.map((x: { reason: string }) => x.reason),
    ).toContain('unclaimed_expired');
    const { rows } = await second.services.db.query(
      `SELECT 1 FROM audit_log WHERE resource_id = $1 AND action = 'econsult.expire'`,
      [id],
    );
    expect(rows).toHaveLength(1);
  });
});
