import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgresUrl } from '../support/databases';
import { freePort } from '../support/free-port';
import { startServerProcess } from '../support/server-process';
import { login } from '../support/test-server';
import {
  missingPatients,
  untilAcked,
  writePatients,
} from '../support/acked-writes';

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
      const writes = writePatients(url, pcp.token);
      // Mid-stream: once some writes are acknowledged.
      await untilAcked(writes.acked, 40);
      first.child.kill('SIGKILL');
      const stopped = writes.stop();
      await first.exited;
      await stopped;
      const { acked } = writes;
      expect(acked.length).toBeGreaterThan(10);

      const second = startServerProcess(env, 'warn');
      try {
        await second.ready;
        const again = await login(url, 'pcp@demo.test');
        const missing = await missingPatients(url, again.token, acked);
        expect(missing).toEqual([]);
      } finally {
        second.child.kill('SIGKILL');
        await second.exited;
      }
    }, 120_000);
  },
);
