import type { RunningServer } from '../../server/main';
import { DEMO_PASSWORD } from '../../server/seed';
import { STORE_KINDS } from '../support/databases';
import { api, startTestServer } from '../support/test-server';

/**
 * Brute force is slowed per (account, address) and per known browser, so an
 * anonymous caller cannot lock a named clinician, or a whole clinic behind one
 * address, out (before: 5 wrong passwords locked the account everywhere for
 * 15 minutes, 20 from one address locked out everyone behind it).
 */
function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => (offsetMs += ms),
  };
}

describe.each(STORE_KINDS)(
  'sign-in guessing cannot lock clinicians out on %s',
  (store) => {
    let server: RunningServer;
    const clock = movableClock();
    beforeAll(async () => {
      server = await startTestServer({
        store,
        clock,
        env: {
          LOGIN_MAX_FAILURES: '5',
          TRUST_PROXY: 'true',
          // Retry-After is read exactly on the test's clock: no tarpit pause.
          LOGIN_REFUSAL_DELAY_MS: '0',
        },
      });
    });
    afterAll(() => server.close());

    const signIn = (
      email: string,
      password: string,
      from: string,
      cookie?: string,
    ) =>
      api(server.url, 'POST', '/api/auth/login', {
        body: { email, password },
        headers: {
          'x-forwarded-for': from,
          ...(cookie ? { cookie } : {}),
        },
      });

    it('a stranger guessing from elsewhere does not lock out the psychiatrist', async () => {
      const email = 'psych.child@demo.test';
      for (let i = 0; i < 8; i++)
        await signIn(email, `guess-${i}`, '198.51.100.66');
      const owner = await signIn(email, DEMO_PASSWORD, '192.0.2.10');
      expect(owner.status).toBe(200);
    });

    it('25 wrong passwords from a clinic address do not lock out its other users', async () => {
      const clinic = '192.0.2.20';
      for (let i = 0; i < 25; i++)
        await signIn(`nobody${i}@demo.test`, 'wrong', clinic);
      expect(
        (await signIn('pcp@demo.test', DEMO_PASSWORD, clinic)).status,
      ).toBe(200);
    });

    it('a known browser signs in while its account is being guessed from the same address', async () => {
      const email = 'coordinator@demo.test';
      const address = '192.0.2.30';
      const first = await signIn(email, DEMO_PASSWORD, address);
      expect(first.status).toBe(200);
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toMatch(/^pa_known_device=/);
      for (let i = 0; i < 8; i++) await signIn(email, `guess-${i}`, address);
      expect((await signIn(email, 'guess-x', address)).status).toBe(429);
      expect((await signIn(email, DEMO_PASSWORD, address, cookie)).status).toBe(
        200,
      );
      // A cookie signed for another account counts for nothing here.
      const other = await signIn(
        'biller@demo.test',
        DEMO_PASSWORD,
        '192.0.2.31',
      );
      const otherCookie = (other.headers.get('set-cookie') ?? '').split(';')[0];
      expect(
        (await signIn(email, DEMO_PASSWORD, address, otherCookie)).status,
      ).toBe(429);
    });

    it('slows a guessing pair with doubling delays, and audits an alert', async () => {
      const email = 'admin@demo.test';
      const from = '198.51.100.77';
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await signIn(email, `g${i}`, from)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const first = await signIn(email, 'g', from);
      expect(first.headers.get('retry-after')).toBe('60');
      clock.advance(61_000);
      expect((await signIn(email, 'g', from)).status).toBe(401);
      const second = await signIn(email, 'g', from);
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('120');
      // Many addresses guessing one account fill its account-wide limit: an alert for the admins.
      for (let i = 0; i < 50; i++)
        await signIn(email, 'spray', `203.0.113.${i + 1}`);
      const { rows } = await server.services.db.query(
        `SELECT details FROM audit_log WHERE action = 'security.login_guessing_alert'`,
      );
      expect(rows.length).toBe(1);
    }, 120_000);
  },
);
