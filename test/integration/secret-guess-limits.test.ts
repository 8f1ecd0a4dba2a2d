import { randomBytes } from 'node:crypto';
import type { RunningServer } from '../../server/main';
import { MAX_IDENTITY_FAILURES } from '../../server/visits/identity-check';
import { STORE_KINDS } from '../support/databases';
import { api, startTestServer } from '../support/test-server';
import { DEMO_MINOR, invite, visitNow } from '../support/visit-fixtures';

/**
 * Every counter that guards a secret holds under a burst: 200 concurrent
 * attempts check exactly the limit, never more (before: 199 date-of-birth
 * guesses, 178 invite guesses, 30 of 30 passwords were checked).
 */
const BURST = 200;

function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe.each(STORE_KINDS)('guess limits under a burst on %s', (store) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      store,
      env: {
        LOGIN_MAX_FAILURES: '5',
        INVITE_MAX_FAILURES: '10',
        // The invite burst comes from its own address (X-Forwarded-For).
        TRUST_PROXY: 'true',
      },
    });
  }, 120_000);
  afterAll(() => server.close());

  it(`checks exactly LOGIN_MAX_FAILURES of ${BURST} concurrent wrong passwords`, async () => {
    const statuses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api(server.url, 'POST', '/api/auth/login', {
          body: { email: 'psych.adult@demo.test', password: `wrong-${i}` },
        }).then((r) => r.status),
      ),
    );
    expect(tally(statuses)).toEqual({ 401: 5, 429: BURST - 5 });
  }, 120_000);

  it(`checks exactly INVITE_MAX_FAILURES of ${BURST} concurrent invite guesses`, async () => {
    const statuses = await Promise.all(
      Array.from({ length: BURST }, () =>
        api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: randomBytes(32).toString('base64url') },
          headers: { 'x-forwarded-for': '203.0.113.7' },
        }).then((r) => r.status),
      ),
    );
    expect(tally(statuses)).toEqual({ 404: 10, 429: BURST - 10 });
  }, 120_000);

  it(`compares exactly ${MAX_IDENTITY_FAILURES} of ${BURST} concurrent date-of-birth guesses`, async () => {
    const v = await visitNow(server, DEMO_MINOR);
    const guardian = await invite(server, v, {
      role: 'guardian',
      displayName: 'A parent',
    });
    const ex = await api(server.url, 'POST', '/api/visit/exchange', {
      body: { token: guardian.token },
    });
    expect(ex.status).toBe(200);
    const guess = (day: number) =>
      api(server.url, 'POST', '/api/visit/identity', {
        token: ex.body.visitToken,
        body: {
          role: 'guardian',
          name: 'Ana Rivera',
          relationship: 'parent',
          patientBirthDate: `2011-05-${String((day % 28) + 1).padStart(2, '0')}`,
        },
      }).then((r) => r.status);
    const statuses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => guess(i)),
    );
    const compared = statuses.filter((s) => s === 422).length;
    // The last allowed guess removes the guardian (403) like every refused one.
    expect(compared + 1).toBe(MAX_IDENTITY_FAILURES);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    const { rows } = await server.services.db.query<{ n: number }>(
      'SELECT identity_failures AS n FROM visit_participants WHERE id = $1',
      [guardian.participantId],
    );
    expect(rows[0]!.n).toBe(MAX_IDENTITY_FAILURES);
    const right = await api(server.url, 'POST', '/api/visit/identity', {
      token: ex.body.visitToken,
      body: {
        role: 'guardian',
        name: 'Ana Rivera',
        relationship: 'parent',
        patientBirthDate: DEMO_MINOR.birthDate,
      },
    });
    expect(right.status).not.toBe(200);
  }, 120_000);
});
