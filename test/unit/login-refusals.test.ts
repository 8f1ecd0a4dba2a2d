import { LoginRefusals } from '../../server/auth/login-refusals';

const pair = { scope: 'login:pair', key: 'a@x address:1' };
const account = { scope: 'login:account', key: 'a@x' };

describe('LoginRefusals', () => {
  it('refuses from memory only what the database refused, until then', () => {
    const r = new LoginRefusals();
    expect(r.refused([pair, account], 0)).toBeNull();
    r.remember(account, 60, 1000);
    expect(r.refused([pair, account], 1000)).toEqual({
      limit: account,
      retryAfterSeconds: 60,
    });
    expect(r.refused([pair, account], 60_500)?.retryAfterSeconds).toBe(1);
    expect(r.refused([pair, account], 61_000)).toBeNull();
  });

  it('forgets a limit on a success', () => {
    const r = new LoginRefusals();
    r.remember(pair, 60, 0);
    r.forget(pair);
    expect(r.refused([pair], 1)).toBeNull();
  });

  it.each([
    // [refusal times (ms), audit rows due (refusals each stands for)]
    [[0], [1]],
    [[0, 10, 20, 59_999], [1]],
    [
      [0, 10, 20, 60_000],
      [1, 3],
    ],
    [
      [0, 60_000, 60_001, 130_000],
      [1, 1, 2],
    ],
  ])('audits refusals at %j once a minute: %j', (times, rows) => {
    const r = new LoginRefusals();
    r.remember(pair, 900, 0);
    const due = times
      .map((t) => r.auditDue(pair, t))
      .filter((n): n is number => n !== null);
    expect(due).toEqual(rows);
  });
});
