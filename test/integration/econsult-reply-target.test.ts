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
