import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { startServerProcess } from '../support/server-process';

describe('process lifecycle on embedded defaults', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pa-data-'));
  const runDirs: string[] = [];
  afterAll(() => {
    for (const d of [dataDir, ...runDirs])
      rmSync(d, { recursive: true, force: true });
  });

  it('starts with PGlite under DATA_DIR, prints the URL and demo logins, and keeps data between runs', async () => {
    const port = await freePort();
    // Its own directory: its first run must be the one that seeds it,
    // whatever ran before.
    const runDir = mkdtempSync(path.join(tmpdir(), 'pa-run-'));
    runDirs.push(runDir);
    const first = startServerProcess({ DATA_DIR: runDir, PORT: String(port) });
    await first.ready;
    expect(first.output()).toContain(`http://127.0.0.1:${port}`);
    expect(first.output()).toContain('pcp@demo.test');
    expect(first.output()).toContain('demo program seeded');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'pcp@demo.test',
        password: 'demo-password-1',
      }),
    });
    expect(login.status).toBe(200);
    const { tokens } = (await login.json()) as {
      tokens: { refreshToken: string };
    };
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Second run over the same DATA_DIR: the seed is not redone, and the
    // session the login above wrote is read back. The refresh token is only a
    // row in the database, and each process signs with its own random secret,
    // so the exchange succeeds only if that row survived the restart.
    const second = startServerProcess({ DATA_DIR: runDir, PORT: String(port) });
    await second.ready;
    expect(second.output()).not.toContain('demo program seeded');
    const refreshed = await fetch(`http://127.0.0.1:${port}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    const pair = (await refreshed.json()) as {
      tokens: { accessToken: string };
    };
    const me = await fetch(`http://127.0.0.1:${port}/api/me`, {
      headers: { authorization: `Bearer ${pair.tokens.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'pcp@demo.test' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('on SIGTERM finishes the request in flight, refuses new connections, and exits 0', async () => {
    const port = await freePort();
    const p = startServerProcess({ DATA_DIR: dataDir, PORT: String(port) });
    await p.ready;
    // A login takes tens of milliseconds of password hashing: send it, then SIGTERM at once.
    const inFlight = fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({
        email: 'pcp@demo.test',
        password: 'demo-password-1',
      }),
    });
    await new Promise((r) => setTimeout(r, 15));
    p.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await p.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(p.output()).toContain('shutting down');
  }, 120_000);
});
