import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgresUrl } from '../support/databases';
import { freePort } from '../support/free-port';
import { startServerProcess } from '../support/server-process';
import { api, login } from '../support/test-server';

/**
 * SIGKILL while writes are in flight: every write the server acknowledged
 * (201 with an id) is there after a restart, on the embedded store and on
 * PostgreSQL. Writes that got no answer may or may not have landed.
 */
describe.each(['pglite', 'postgres'] as const)(
  'fault: SIGKILL during writes on %s',
  (store) => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('loses none of the acknowledged writes', async () => {
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        SEED_DEMO: 'true',
      };
      if (store === 'pglite') {
        const dir = mkdtempSync(path.join(tmpdir(), 'pa-kill-'));
        dirs.push(dir);
        env.DATA_DIR = dir;
      } else env.DATABASE_URL = await freshPostgresUrl();
      const url = `http://127.0.0.1:${env.PORT}`;
      const first = startServerProcess(env, 'warn');
      await first.ready;
      const pcp = await login(url, 'pcp@demo.test');
      const acked: string[] = [];
      let killed = false;
      let n = 0;
      const writer = async () => {
        while (!killed && n < 3000) {
          const i = n++;
          const res = await api(url, 'POST', '/api/patients', {
            token: pcp.token,
            body: {
              givenName: 'Kill',
              familyName: `Write${i}`,
              birthDate: '2012-05-01',
              sex: 'male',
              state: 'MA',
            },
          }).catch(() => null);
          if (res?.status === 201) acked.push(res.body.id);
        }
      };
      const writers = Promise.all([writer(), writer(), writer(), writer()]);
      // Mid-stream: once some writes are acknowledged (bounded at 20 s).
      const until = Date.now() + 20_000;
      while (acked.length < 40 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      first.child.kill('SIGKILL');
      killed = true;
      await first.exited;
      await writers;
      expect(acked.length).toBeGreaterThan(10);

      const second = startServerProcess(env, 'warn');
      try {
        await second.ready;
        const again = await login(url, 'pcp@demo.test');
        const missing: string[] = [];
        for (const id of acked) {
          const res = await api(url, 'GET', `/api/patients/${id}`, {
            token: again.token,
          });
          if (res.status !== 200) missing.push(`${id} -> ${res.status}`);
        }
        expect(missing).toEqual([]);
      } finally {
        second.child.kill('SIGKILL');
        await second.exited;
      }
    }, 120_000);
  },
);
