import { refreshReplySchema } from '../../signaling/protocol/rest/auth';
import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

describe.each(STORE_KINDS)('clinician auth on %s', (store) => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer({ store, env: { LOGIN_MAX_FAILURES: '3' } });
    url = server.url;
  });
  afterAll(() => server.close());

  it('signs in with the demo account and reaches /api/me', async () => {
    const s = await login(url, 'pcp@demo.test');
    const me = await api(url, 'GET', '/api/me', { token: s.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'pcp@demo.test', role: 'pcp' });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password with a clear error and audits it', async () => {
    const r = await api(url, 'POST', '/api/auth/login', {
      body: { email: 'psych.child@demo.test', password: 'nope' },
    });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'invalid_credentials' });
    const rows = await server.services.db.query<{
      action: string;
      outcome: string;
    }>(
      `SELECT action, outcome FROM audit_log WHERE action = 'auth.login_failed'`,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows[0]!.outcome).toBe('denied');
    // Audited once, by the sign-in: the error handler's central refusal row
    // (written before the reply) would be the same fact a second time.
    const twice = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'http.post /api/auth/login'`,
    );
    expect(twice.rows).toEqual([]);
  });

  it('rate limits repeated failures for one account, then audits the throttle', async () => {
    const email = 'biller@demo.test';
    for (let i = 0; i < 3; i++)
      expect(
        (
          await api(url, 'POST', '/api/auth/login', {
            body: { email, password: 'bad' },
          })
        ).status,
      ).toBe(401);
    const blocked = await api(url, 'POST', '/api/auth/login', {
      body: { email, password: 'demo-password-1' },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeTruthy();
    const throttled = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'auth.login_throttled'`,
    );
    expect(throttled.rowCount).toBeGreaterThan(0);
  });

  it('answers a burst of refused guesses late, and audits it in one row', async () => {
    const email = 'psych.perinatal@demo.test';
    const guess = () =>
      api(url, 'POST', '/api/auth/login', {
        body: { email, password: 'bad' },
      });
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(401);
    const t0 = performance.now();
    const burst = await Promise.all(Array.from({ length: 20 }, guess));
    const elapsed = performance.now() - t0;
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(429));
    // Held for LOGIN_REFUSAL_DELAY_MS (1 s by default): a guesser waiting
    // for answers gets about one a second per connection.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const { rows } = await server.services.db.query<{
      details: { refusals: number };
    }>(
      `SELECT a.details FROM audit_log a JOIN users u ON u.id = a.user_id
        WHERE a.action = 'auth.login_throttled' AND u.email = $1`,
      [email],
    );
    // One row for the 20, not one each: it says how many it stands for.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details.refusals).toBe(1);
  });

  it('refuses a held sign-in before the route reads it (login-refusal-gate)', async () => {
    const email = 'psych.addiction@demo.test';
    const attempt = (password: string) =>
      api(url, 'POST', '/api/auth/login', { body: { email, password } });
    for (let i = 0; i < 3; i++) expect((await attempt('bad')).status).toBe(401);
    expect((await attempt('bad')).status).toBe(429);
    // Not held yet, an empty password is the route's 400; held, the gate
    // answers first, so no schema, database statement or password check.
    const held = await attempt('');
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBeTruthy();
    expect(held.body.error.code).toBe('rate_limited');
    // Another account from the same address is not held by this pair.
    const other = await api(url, 'POST', '/api/auth/login', {
      body: { email: 'admin@demo.test', password: '' },
    });
    expect(other.status).toBe(400);
  });

  it('rotates refresh tokens, and reuse of a spent one revokes the whole session', async () => {
    const s = await login(url, 'coordinator@demo.test');
    const first = await api(url, 'POST', '/api/auth/refresh', {
      body: { refreshToken: s.refreshToken },
    });
    expect(first.status).toBe(200);
    // The reply is what the OpenAPI document declares for this route.
    const next = refreshReplySchema.parse(first.body).tokens;
    expect(next.refreshToken).not.toBe(s.refreshToken);
    // The old token again: theft signal.
    const reuse = await api(url, 'POST', '/api/auth/refresh', {
      body: { refreshToken: s.refreshToken },
    });
    expect(reuse.status).toBe(401);
    // The legitimate newest token is dead too, and so are access tokens of the session.
    expect(
      (
        await api(url, 'POST', '/api/auth/refresh', {
          body: { refreshToken: next.refreshToken },
        })
      ).status,
    ).toBe(401);
    expect(
      (await api(url, 'GET', '/api/me', { token: next.accessToken })).status,
    ).toBe(401);
    expect((await api(url, 'GET', '/api/me', { token: s.token })).status).toBe(
      401,
    );
  });

  it('logout revokes the access and refresh tokens', async () => {
    const s = await login(url, 'admin@demo.test');
    expect(
      (await api(url, 'POST', '/api/auth/logout', { token: s.token })).status,
    ).toBe(204);
    expect((await api(url, 'GET', '/api/me', { token: s.token })).status).toBe(
      401,
    );
    expect(
      (
        await api(url, 'POST', '/api/auth/refresh', {
          body: { refreshToken: s.refreshToken },
        })
      ).status,
    ).toBe(401);
  });

  it('answers malformed JSON, bad fields and unknown routes with the error shape and no stack', async () => {
    const bad = await api(url, 'POST', '/api/auth/login', {
      body: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('malformed_json');
    const invalid = await api(url, 'POST', '/api/auth/login', {
      body: { email: 'not-an-email', password: '' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(
      invalid.body.error.details.map((d: { field: string }) => d.field).sort(),
    ).toEqual(['email', 'password']);
    const missing = await api(url, 'GET', '/api/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('route_not_found');
    for (const r of [bad, invalid, missing])
      expect(JSON.stringify(r.body)).not.toMatch(/\.ts:\d+|at [A-Za-z]+ \(/);
  });
});
