import { createSocket, type Socket } from 'node:dgram';
import {
  CLEAN_LINK,
  LinkModel,
  seededRandom,
  type LinkSpec,
} from '../support/network-impairment/link-model';
import { eventually } from '../support/eventually';
import {
  startUdpRelay,
  type UdpRelay,
} from '../support/network-impairment/udp-relay';

/**
 * The weak-network relay does what its setting says. The setting's figures
 * (rate, queue, delay, jitter, loss and burst length, each within 10 %) are
 * the link model's decisions, asserted exactly on its schedule: on a loaded
 * machine timers fire late and the kernel may drop a datagram, which says
 * nothing about the setting (CI failed on a late jitter p90 once, and a loss
 * reading under load since). On real UDP over loopback the relay is then
 * checked for what lateness cannot fake: nothing early, nothing faster than
 * the rate, nothing it decided to lose delivered, order kept. Losses come
 * from a seeded generator; the traffic is bounded (a few seconds, a few MB).
 */
jest.setTimeout(30_000);

interface Arrival {
  at: number;
  seq: number;
  bytes: number;
}

async function sink(): Promise<{ sock: Socket; port: number; got: Arrival[] }> {
  const sock = createSocket('udp4');
  const got: Arrival[] = [];
  sock.on('message', (m) =>
    got.push({
      at: performance.now(),
      seq: m.readUInt32BE(0),
      bytes: m.length,
    }),
  );
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  return { sock, port: (sock.address() as { port: number }).port, got };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the link model', () => {
  it('schedules jittered delays within their bounds, in order', () => {
    // The bounds are the model's decision, asserted exactly here; on the wire
    // (below) a timer that fires late on a loaded machine would say nothing
    // about the setting (CI once saw p90 162 ms for a 100 +- 20 ms link).
    const model = new LinkModel(
      { ...CLEAN_LINK, delayMs: 100, jitterMs: 40 },
      seededRandom(7),
    );
    const sent = [...Array(100).keys()].map((i) => i * 10);
    const at = sent.map((t) => model.offer(t, 200)!);
    const delays = at.map((a, i) => a - sent[i]!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(15);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  /** Offers `count` packets of `bytes`, `perTick` every `tickMs`. */
  function offerStream(
    spec: LinkSpec,
    count: number,
    bytes: number,
    perTick: number,
    tickMs: number,
    seed = 7,
  ): { model: LinkModel; at: (number | null)[] } {
    const model = new LinkModel(spec, seededRandom(seed));
    const at = [...Array(count).keys()].map((i) =>
      model.offer(Math.floor(i / perTick) * tickMs, bytes),
    );
    return { model, at };
  }
  const delivered = (at: (number | null)[]) =>
    at.filter((a): a is number => a !== null);

  it('carries its rate (400 kbit/s offered 800)', () => {
    const { at } = offerStream(
      { ...CLEAN_LINK, rateKbps: 400, queueMs: 5000 },
      200,
      1000,
      10,
      100,
    );
    const got = delivered(at);
    expect(got).toHaveLength(200);
    const kbps = ((got.length - 1) * 1000 * 8) / (got.at(-1)! - got[0]!);
    expect(Math.abs(kbps - 400) / 400).toBeLessThan(0.1);
  });

  it('drops what would wait longer than its queue allows', () => {
    const { model, at } = offerStream(
      { ...CLEAN_LINK, rateKbps: 400, queueMs: 200 },
      200,
      1000,
      10,
      100,
    );
    // 2 s at 400 kbit/s carries ~100 datagrams, plus the 200 ms queue (~10).
    const got = delivered(at).length;
    expect(got).toBeGreaterThan(100);
    expect(got).toBeLessThan(120);
    expect(model.counters.queueDrops).toBe(200 - got);
  });

  it('delays each packet by its setting (150 ms)', () => {
    const { at } = offerStream({ ...CLEAN_LINK, delayMs: 150 }, 50, 200, 1, 20);
    expect(at.map((a, i) => a! - i * 20)).toEqual(Array(50).fill(150));
  });

  it('loses packets at random at its rate (5 %)', () => {
    const { model, at } = offerStream(
      { ...CLEAN_LINK, loss: { model: 'random', rate: 0.05 } },
      10_000,
      100,
      25,
      5,
    );
    const loss = 1 - delivered(at).length / 10_000;
    expect(Math.abs(loss - 0.05) / 0.05).toBeLessThan(0.1);
    expect(model.counters.lost).toBe(10_000 - delivered(at).length);
  });

  it('loses packets in bursts at its mean rate and burst length (5 %, 2)', () => {
    const { at } = offerStream(
      { ...CLEAN_LINK, loss: { model: 'bursty', rate: 0.05, meanBurst: 2 } },
      20_000,
      100,
      50,
      5,
      11,
    );
    const bursts: number[] = [];
    let run = 0;
    for (const a of [...at, 0]) {
      if (a === null) run++;
      else if (run) {
        bursts.push(run);
        run = 0;
      }
    }
    const loss = 1 - delivered(at).length / 20_000;
    const meanBurst = bursts.reduce((s, b) => s + b, 0) / bursts.length;
    expect(Math.abs(loss - 0.05) / 0.05).toBeLessThan(0.1);
    expect(Math.abs(meanBurst - 2) / 2).toBeLessThan(0.1);
  });
});

describe('the UDP impairment relay', () => {
  let relay: UdpRelay | null = null;
  let out: { sock: Socket; port: number; got: Arrival[] };
  let client: Socket;
  const sentAt = new Map<number, number>();

  async function through(up: LinkSpec, seed = 7) {
    out = await sink();
    relay = await startUdpRelay({
      target: { host: '127.0.0.1', port: out.port },
      up,
      down: CLEAN_LINK,
      random: seededRandom(seed),
      maxLifetimeMs: 30_000,
    });
    client = createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', r));
  }

  function send(seq: number, bytes: number) {
    const b = Buffer.alloc(bytes);
    b.writeUInt32BE(seq, 0);
    sentAt.set(seq, performance.now());
    client.send(b, relay!.port, '127.0.0.1');
  }

  /** Sends `count` datagrams of `bytes`, `perTick` every `tickMs`. */
  async function stream(
    count: number,
    bytes: number,
    perTick: number,
    tickMs: number,
  ) {
    for (let seq = 0; seq < count; ) {
      for (let i = 0; i < perTick && seq < count; i++) send(seq++, bytes);
      await wait(tickMs);
    }
  }

  afterEach(async () => {
    sentAt.clear();
    await relay?.close();
    relay = null;
    client.close();
    out.sock.close();
  });

  /** The sequence numbers arrived, in arrival order. */
  const seqs = () => out.got.map((a) => a.seq);
  const ascending = (xs: number[]) =>
    xs.every((x, i) => i === 0 || x > xs[i - 1]!);

  it('never sends faster than its rate (400 kbit/s offered 800)', async () => {
    await through({ ...CLEAN_LINK, rateKbps: 400, queueMs: 5000 });
    // 1000-byte datagrams, 10 every 100 ms: 800 kbit/s for 2 s.
    await stream(200, 1000, 10, 100);
    await eventually(() => out.got.length === 200, 20_000, 'all 200 arrived');
    const got = out.got;
    const kbps = ((got.length - 1) * 1000 * 8) / (got.at(-1)!.at - got[0]!.at);
    // Late timers only slow it down: the relay is never faster.
    expect(kbps).toBeLessThan(400 * 1.1);
    expect(seqs()).toEqual([...Array(200).keys()]);
  });

  it('drops at its queue, and delivers the rest', async () => {
    await through({ ...CLEAN_LINK, rateKbps: 400, queueMs: 200 });
    await stream(200, 1000, 10, 100);
    const up = relay!.up.counters;
    await eventually(
      () => out.got.length === 200 - up.queueDrops,
      20_000,
      'everything not dropped arrived',
    );
    // Offered twice the rate for 2 s: it had to drop.
    expect(up.queueDrops).toBeGreaterThan(40);
    expect(ascending(seqs())).toBe(true);
  });

  it('delays each datagram by its setting (150 ms), never less', async () => {
    await through({ ...CLEAN_LINK, delayMs: 150 });
    await stream(50, 200, 1, 20);
    await eventually(() => out.got.length === 50, 20_000, 'all 50 arrived');
    const delays = out.got.map((a) => a.at - sentAt.get(a.seq)!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(150 - 1);
  });

  it('delivers jittered datagrams never early and in order', async () => {
    await through({ ...CLEAN_LINK, delayMs: 100, jitterMs: 40 });
    await stream(100, 200, 1, 10);
    await eventually(() => out.got.length === 100, 20_000, 'all 100 arrived');
    const delays = out.got.map((a) => a.at - sentAt.get(a.seq)!);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80 - 1);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(15);
    expect(seqs()).toEqual([...Array(100).keys()]);
  });

  it.each([
    ['random', { model: 'random', rate: 0.05 } as const, 7],
    ['bursty', { model: 'bursty', rate: 0.05, meanBurst: 2 } as const, 11],
  ])(
    'loses datagrams (%s, 5 %%) and never delivers a lost one',
    async (_k, loss, seed) => {
      await through({ ...CLEAN_LINK, loss }, seed);
      await stream(10_000, 100, 25, 5);
      const up = relay!.up.counters;
      // What the relay passed arrives (the kernel may drop one under load).
      await eventually(
        () => out.got.length >= up.packets - up.lost - 20,
        20_000,
        'what the relay passed arrived',
      );
      await wait(100);
      expect(up.packets).toBeGreaterThan(9_000);
      expect(Math.abs(up.lost / up.packets - 0.05) / 0.05).toBeLessThan(0.15);
      expect(out.got.length).toBeLessThanOrEqual(up.packets - up.lost);
      expect(ascending(seqs())).toBe(true);
    },
  );
});
