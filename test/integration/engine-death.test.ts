import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  missingPatients,
  untilAcked,
  writePatients,
} from '../support/acked-writes';
import { freePort } from '../support/free-port';
import { startServerProcess } from '../support/server-process';
import { login } from '../support/test-server';

/**
 * The embedded engine's thread dies under writes (terminated by the test
 * hook EMBEDDED_ENGINE_KILL_SIGNAL, as a crash would end it) while the
 * process lives on: the server stops answering, says why on stderr, exits
 * with 70, and a restart on the same DATA_DIR has every write it had
 * acknowledged.
 */
describe('the embedded engine thread dies', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-engine-death-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails readiness, exits 70 with the reason, loses no acknowledged write', async () => {
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      SEED_DEMO: 'true',
      DATA_DIR: dir,
    };
    const url = `http://127.0.0.1:${env.PORT}`;
    const ready = async () =>
      (await fetch(`${url}/readyz`).catch(() => null))?.status ?? 'no answer';
    const first = startServerProcess(
      { ...env, EMBEDDED_ENGINE_KILL_SIGNAL: 'SIGUSR2' },
      'warn',
    );
    await first.ready;
    expect(await ready()).toBe(200);
    const pcp = await login(url, 'pcp@demo.test');
    const writes = writePatients(url, pcp.token);
    await untilAcked(writes.acked, 40);
    // Only the engine's thread: the process itself is not signalled to die.
    first.child.kill('SIGUSR2');
    expect(await first.exited).toBe(70);
    await writes.stop();
    expect(first.output()).toMatch(
      /The embedded database engine stopped: the engine thread exited with code \d+\. Exiting; restart the server\./,
    );
    expect(await ready()).not.toBe(200);
    expect(writes.acked.length).toBeGreaterThan(10);

    const second = startServerProcess(env, 'warn');
    try {
      await second.ready;
      expect(await ready()).toBe(200);
      const again = await login(url, 'pcp@demo.test');
      expect(await missingPatients(url, again.token, writes.acked)).toEqual([]);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 180_000);
});
