import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe('./data');
    expect(c.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(c.DATABASE_POOL_IDLE_SECONDS).toBe(300);
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ MEDIA_BACKEND: 'zoom' }, 'MEDIA_BACKEND'],
    [{ MEDIA_BACKEND: 'livekit' }, 'LIVEKIT_URL'],
    [{ TURN_URLS: 'turn:127.0.0.1:3478' }, 'TURN_SECRET'],
    [{ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` }, 'TWILIO_AUTH_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_POOL_IDLE_SECONDS: '0' }, 'DATABASE_POOL_IDLE_SECONDS'],
  ])('refuses %j naming %s', (env, variable) => {
    let err: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(variable);
  });

  it('never echoes a secret value in the message', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db' }),
    ).toThrow(/value hidden/);
    expect(() =>
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db' }),
    ).not.toThrow(/hunter2/);
  });

  it('stops the process at start-up with a message naming the variable', () => {
    const root = path.resolve(__dirname, '../..');
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', 'server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: 'not-a-port' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PORT/);
    expect(r.stderr).toMatch(/Invalid configuration/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
