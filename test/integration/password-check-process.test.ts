import { getPriority } from 'node:os';
import {
  PASSWORD_CHECK_NICENESS,
  PasswordCheckProcess,
} from '../../server/auth/password-check-process';
import { hashPassword } from '../../server/auth/passwords';
import { eventually } from '../support/eventually';

/**
 * Password checks run in a child process at a lower CPU priority (so a
 * guessing burst's argon2 work yields to the server's event loop), and a
 * sign-in survives the child dying mid-check.
 */
describe('PasswordCheckProcess', () => {
  jest.setTimeout(30_000);
  const checker = new PasswordCheckProcess();
  afterAll(() => checker.close());

  it('verifies in a lower-priority child process', async () => {
    const hash = await hashPassword('correct horse');
    expect(await checker.verify(hash, 'correct horse')).toBe(true);
    expect(await checker.verify(hash, 'wrong horse')).toBe(false);
    expect(await checker.verify('not-a-hash', 'x')).toBe(false);
    const pid = checker.pid!;
    expect(pid).not.toBe(process.pid);
    expect(getPriority(pid)).toBe(PASSWORD_CHECK_NICENESS);
  });

  it('answers checks in flight when the child dies, then restarts', async () => {
    const hash = await hashPassword('correct horse');
    await checker.verify(hash, 'warm');
    const first = checker.pid!;
    const checks = Array.from({ length: 4 }, (_, i) =>
      checker.verify(hash, i % 2 ? 'correct horse' : 'wrong'),
    );
    process.kill(first, 'SIGKILL');
    expect(await Promise.all(checks)).toEqual([false, true, false, true]);
    expect(await checker.verify(hash, 'correct horse')).toBe(true);
    const second = await eventually(() => checker.pid);
    expect(second).not.toBe(first);
  });

  it('checks in this process once closed', async () => {
    const hash = await hashPassword('correct horse');
    const closed = new PasswordCheckProcess();
    closed.close();
    expect(await closed.verify(hash, 'correct horse')).toBe(true);
    expect(closed.pid).toBeUndefined();
  });
});
