import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { acquireDataDirLock } from '../../server/db/data-dir-lock';
import { startServer, type RunningServer } from '../../server/main';
import { createLogger } from '../../server/logger';

/**
 * Two servers on one embedded DATA_DIR both answered and corrupted the
 * store. The second now refuses to start, naming the PID holding the lock;
 * a lock left by a killed process is taken over.
 */
const embeddedConfig = (dir: string) =>
  loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dir,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    SEED_DEMO: 'false',
    SHUTDOWN_TIMEOUT_MS: '2000',
  });

describe('one server per embedded data directory', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'pa-lock-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second server on the same DATA_DIR, naming the PID', async () => {
    const dir = tempDir();
    const logger = createLogger('silent');
    const first = await startServer(embeddedConfig(dir), { logger });
    let second: RunningServer | null = null;
    try {
      const attempt = startServer(embeddedConfig(dir), { logger });
      attempt.then((s) => (second = s)).catch(() => undefined);
      await expect(attempt).rejects.toThrow(
        new RegExp(`in use by another server \\(PID ${process.pid} `),
      );
    } finally {
      await (second as RunningServer | null)?.close();
      await first.close();
    }
    // Stopped cleanly: the lock is gone and the directory opens again.
    expect(existsSync(path.join(dir, 'server.lock'))).toBe(false);
    acquireDataDirLock(dir).release();
  }, 180_000);

  it('refuses while another live process holds the lock; takes over once it is killed', async () => {
    const dir = tempDir();
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lockFile = path.join(dir, 'server.lock');
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: child.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
      }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(`PID ${child.pid} `);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(`PID ${process.pid} `);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock file left half-written', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'server.lock'), '{"pid":');
    acquireDataDirLock(dir).release();
  });
});
