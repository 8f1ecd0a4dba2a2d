import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger';
import { PeriodicSweep } from '../../server/periodic-sweep';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('info', out) };
}

describe('a periodic sweep (every instance runs one per kind)', () => {
  it('logs a failed run instead of rejecting (an unhandled rejection would end the process)', async () => {
    const { lines, logger } = capturedLogger();
    const sweep = new PeriodicSweep(
      'callback',
      () => Promise.reject(new Error('connect ECONNREFUSED')),
      { logger, intervalMs: 10 },
    );
    await expect(sweep.once()).resolves.toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toContain('callback sweep failed');
  });

  it('never runs two at once: a tick during a run joins it', async () => {
    const { logger } = capturedLogger();
    let runs = 0;
    let finish!: () => void;
    const sweep = new PeriodicSweep(
      'reminder',
      () => {
        runs++;
        return new Promise<void>((r) => (finish = r));
      },
      { logger, intervalMs: 10 },
    );
    const first = sweep.once();
    const second = sweep.once();
    expect(runs).toBe(1);
    finish();
    await Promise.all([first, second]);
    const third = sweep.once();
    expect(runs).toBe(2);
    finish();
    await third;
  });

  it('runs on its interval until stopped, and stop waits for the run in flight', async () => {
    const { logger } = capturedLogger();
    let runs = 0;
    const sweep = new PeriodicSweep(
      'alert',
      async () => {
        runs++;
      },
      { logger, intervalMs: 5 },
    );
    sweep.start();
    await new Promise((r) => setTimeout(r, 60));
    await sweep.stop();
    const after = runs;
    expect(after).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after);
  });
});
