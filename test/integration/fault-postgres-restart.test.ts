import type { RunningServer } from '../../server/main';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { api, login, startTestServer } from '../support/test-server';

const newPatient = (i: number) => ({
  givenName: 'Fault',
  familyName: `Load${i}`,
  birthDate: '2012-05-01',
  sex: 'female',
  state: 'MA',
});

/**
 * PostgreSQL restarted (immediate stop, as a crash or failover) while
 * requests keep coming: each request in the gap is answered 503 with the
 * error shape, never 500, and the same process serves again once the
 * database is back, without a restart. Its own PostgreSQL: the shared one
 * other suites use is never stopped.
 */
describe('fault: PostgreSQL restarted under load', () => {
  let pg: PostgresServer;
  let server: RunningServer;
  beforeAll(async () => {
    pg = await startPostgres();
    server = await startTestServer({
      databaseUrl: pg.url,
      env: { DATABASE_POOL_SIZE: '4' },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    pg?.stop();
  });

  it('answers 503 while it is down and recovers on its own', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const statuses: number[] = [];
    const bad: string[] = [];
    let stop = false;
    let i = 0;
    // Four clients, each one request at a time, bounded in count and time.
    const client = async () => {
      while (!stop && i < 5000) {
        const n = i++;
        const res =
          n % 2
            ? await api(server.url, 'GET', '/api/patients', {
                token: pcp.token,
              })
            : await api(server.url, 'POST', '/api/patients', {
                token: pcp.token,
                body: newPatient(n),
              });
        statuses.push(res.status);
        if (res.status >= 500 && res.status !== 503)
          bad.push(`${res.status} ${JSON.stringify(res.body)}`);
        if (res.status === 503) {
          if (res.body?.error?.code !== 'database_unavailable')
            bad.push(`503 without the code: ${JSON.stringify(res.body)}`);
          if (res.headers.get('retry-after') !== '2')
            bad.push('503 without Retry-After');
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const load = Promise.all([client(), client(), client(), client()]);
    await new Promise((r) => setTimeout(r, 500));
    const beforeOutage = statuses.length;
    pg.halt();
    await new Promise((r) => setTimeout(r, 1500));
    const ready = await api(server.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    pg.resume();
    const upAt = Date.now();
    // Recovered: a write and a read succeed again on the same process.
    let recovered = false;
    while (!recovered && Date.now() - upAt < 15_000) {
      const res = await api(server.url, 'POST', '/api/patients', {
        token: pcp.token,
        body: newPatient(-1),
      });
      recovered = res.status === 201;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    stop = true;
    await load;
    expect(recovered).toBe(true);
    expect(beforeOutage).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(bad).toEqual([]);
    expect((await api(server.url, 'GET', '/readyz')).status).toBe(200);
    const list = await api(server.url, 'GET', '/api/patients', {
      token: pcp.token,
    });
    expect(list.status).toBe(200);
  }, 60_000);
});
