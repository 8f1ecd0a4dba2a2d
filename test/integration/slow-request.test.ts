import { connect } from 'node:net';
import type { RunningServer } from '../../server/main';
import { startTestServer } from '../support/test-server';

/**
 * A client that sends its body a byte at a time must not hold a connection
 * for minutes (before: Node's default of 300 s).
 */
describe('slow request bodies and headers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { HTTP_HEADERS_TIMEOUT_MS: '1500', HTTP_REQUEST_TIMEOUT_MS: '2000' },
    });
  });
  afterAll(() => server.close());

  /** Dribbles `first`, then one byte a second; resolves with what came back and when. */
  function dribble(first: string): Promise<{ ms: number; reply: string }> {
    const started = Date.now();
    return new Promise((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => s.write(first));
      let reply = '';
      const timer = setInterval(() => s.writable && s.write('a'), 1000);
      // Bounded: give up after 8 s (a pass needs about 3). Cleared on close:
      // left pending, it kept the jest worker alive for 8 s after the run.
      const giveUp = setTimeout(() => s.destroy(), 8000);
      const done = () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve({ ms: Date.now() - started, reply });
      };
      s.on('data', (d) => (reply += d));
      s.on('close', done);
      s.on('error', () => undefined);
    });
  }

  it('cuts off a body that trickles in', async () => {
    const r = await dribble(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    expect(r.ms).toBeLessThan(5000);
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('cuts off headers that trickle in', async () => {
    const r = await dribble('GET /api/healthz HTTP/1.1\r\nX-Slow: ');
    expect(r.ms).toBeLessThan(5000);
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);
});
