import { createHash } from 'node:crypto';
import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';
import {
  DEMO_ADULT,
  consultForPatient,
  invite,
  tokenOf,
  visitNow,
} from '../support/visit-fixtures';

/** A clock the test moves forward, to expire links without waiting. */
function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => (offsetMs += ms),
  };
}

describe.each(STORE_KINDS)('visit invites on %s', (store) => {
  let server: RunningServer;
  const clock = movableClock();
  beforeAll(async () => {
    server = await startTestServer({
      store,
      clock,
      env: { INVITE_MAX_FAILURES: '4', INVITE_FAILURE_WINDOW_SECONDS: '600' },
    });
    // PGlite starts in seconds on an idle machine, much slower on a busy shared one.
  }, 120_000);
  afterAll(() => server.close());

  it('creates a visit for the assigned psychiatrist or the requesting PCP only, with an 8-digit phone code', async () => {
    const v = await visitNow(server);
    expect(v.phoneCode).toMatch(/^\d{8}$/);
    const pcp = await login(server.url, 'pcp@demo.test');
    expect(
      (
        await api(
          server.url,
          'POST',
          `/api/consults/${v.consult.consultId}/visits`,
          { token: pcp.token, body: { scheduledAt: '2030-01-01T15:00:00Z' } },
        )
      ).status,
    ).toBe(201);
    for (const email of ['pcp2@demo.test', 'psych.perinatal@demo.test']) {
      const other = await login(server.url, email);
      const res = await api(
        server.url,
        'POST',
        `/api/consults/${v.consult.consultId}/visits`,
        { token: other.token, body: {} },
      );
      expect({ email, status: res.status, code: res.body.error?.code }).toEqual(
        { email, status: 403, code: 'forbidden_visit' },
      );
    }
    const denied = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'visit.create' AND outcome = 'denied'`,
    );
    expect(denied.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('issues a 256-bit link stored only as a hash; it works once, by POST, and a GET of the page does not consume it', async () => {
    const v = await visitNow(server);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
      language: 'en',
    });
    expect(inv.url).toMatch(/\/visit\/join#t=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(inv.token, 'base64url').length).toBe(32);
    const stored = await server.services.db.query<{ token_hash: string }>(
      `SELECT token_hash FROM visit_invites WHERE participant_id = $1`,
      [inv.participantId],
    );
    expect(stored.rows.map((r) => r.token_hash)).toEqual([
      createHash('sha256').update(inv.token).digest('hex'),
    ]);
    const dump = JSON.stringify(
      (await server.services.db.query(`SELECT * FROM visit_invites`)).rows,
    );
    expect(dump).not.toContain(inv.token);

    // A link scanner fetching the page (with the token in the query, even) changes nothing.
    await fetch(`${server.url}/visit/join?t=${inv.token}`);
    const first = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: inv.token },
    });
    expect(first.status).toBe(200);
    expect(first.body.visitToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.body.state).toMatchObject({
      role: 'patient',
      state: 'checking_in',
      identityConfirmed: false,
    });
    expect(JSON.stringify(first.body)).not.toMatch(/Lena|Novak|Ortiz/);

    const second = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: inv.token },
    });
    // The link is its person's until the visit ends, but one device at a
    // time: while the first device is in use, a second one is refused.
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('visit_open_elsewhere');
    expect(second.body.error.message).toMatch(
      /open on another phone or computer right now/,
    );
  });

  it('refuses an expired link and a replaced one with their own codes', async () => {
    const v = await visitNow(server);
    const expiring = await invite(server, v, {
      role: 'guardian',
      displayName: 'A parent',
      inviteTtlMinutes: 5,
    });
    const replaced = await invite(server, v, {
      role: 'interpreter',
      displayName: 'Interpreter',
    });
    const fresh = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${replaced.participantId}/invites`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect(fresh.status).toBe(201);

    const revoked = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: replaced.token },
    });
    expect([revoked.status, revoked.body.error.code]).toEqual([
      410,
      'invite_revoked',
    ]);
    expect(
      (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: tokenOf(fresh.body.url) },
        })
      ).status,
    ).toBe(200);

    clock.advance(6 * 60_000);
    const expired = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: expiring.token },
    });
    expect([expired.status, expired.body.error.code]).toEqual([
      410,
      'invite_expired',
    ]);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('rate limits guessing from one address, and audits it', async () => {
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await api(server.url, 'POST', '/api/visit/exchange', {
        body: { token: `${'A'.repeat(42)}${i}` },
      });
      guesses.push(r.status);
    }
    expect(guesses.slice(0, 4)).toEqual([404, 404, 404, 404]);
    expect(guesses.slice(4)).toEqual([429, 429]);
    // Even a real link is refused from that address until the window passes.
    const v = await visitNow(server);
    const inv = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const blocked = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: inv.token },
    });
    expect(blocked.status).toBe(429);
    // Seconds until the guessing window that filled up ends (at most 600).
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(600);
    clock.advance(11 * 60_000);
    expect(
      (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: inv.token },
        })
      ).status,
    ).toBe(200);
    const audited = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'visit.invite_throttled'`,
    );
    expect(audited.rows[0]!.n).toBeGreaterThan(0);
  });

  it('stops every link and visit token when the visit ends', async () => {
    const consult = await consultForPatient(server.services.db, DEMO_ADULT);
    const psy = await login(server.url, 'psych.child@demo.test');
    const created = await api(
      server.url,
      'POST',
      `/api/consults/${consult.consultId}/visits`,
      { token: psy.token, body: {} },
    );
    const v = {
      consult,
      psychiatrist: psy,
      visitId: created.body.id,
      phoneCode: created.body.phoneCode,
    };
    const a = await invite(server, v, { role: 'patient', displayName: 'Lena' });
    const b = await invite(server, v, {
      role: 'interpreter',
      displayName: 'Interpreter',
    });
    const ex = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: a.token },
    });
    expect(
      (
        await api(server.url, 'GET', '/api/visit/me', {
          token: ex.body.visitToken,
        })
      ).status,
    ).toBe(200);
    const ended = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/end`,
      { token: psy.token, body: {} },
    );
    expect(ended.body.status).toBe('cancelled');
    const me = await api(server.url, 'GET', '/api/visit/me', {
      token: ex.body.visitToken,
    });
    expect([me.status, me.body.error.code]).toEqual([
      401,
      'visit_token_revoked',
    ]);
    expect(
      (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: b.token },
        })
      ).body.error.code,
    ).toBe('invite_revoked');
  });
});
