/**
 * A signaling round trip while the server recomputes a busy billing month,
 * against the same round trip idle, measured in the same run (bench:queue).
 * The probe is a request the server answers without the database (an event
 * outside the contract gets `unknown_event` at once, docs: signaling/EVENTS.md),
 * so any wait is the event loop's: on the main-thread engine it waits for
 * the recompute's queries, on the engine thread it should not.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { connectSocket, connected, request } from '../support/socket-client';
import type { InstanceCommand, InstanceReply } from './queue-instance';

interface Target {
  url: string;
  send(m: InstanceCommand): void;
  next<T extends InstanceReply['type']>(
    type: T,
  ): Promise<Extract<InstanceReply, { type: T }>>;
}

/** Under the socket rate limit (50/s), as bench:signaling paces. */
const GAP_MS = 25;
/** ~10 s idle, as many probes as the recompute's 10 s get (a p99 of ~400). */
const IDLE_PROBES = 400;

type Summary = (xs: number[]) => { p50: number; p99: number };

async function probe(sock: Socket): Promise<number> {
  const t0 = performance.now();
  const ack = await request(sock, 'bench:rtt-probe', {}, 60_000);
  if (ack.ok || ack.error.code !== 'unknown_event')
    throw new Error(`unexpected probe answer ${JSON.stringify(ack)}`);
  return performance.now() - t0;
}

const pause = () => new Promise((r) => setTimeout(r, GAP_MS));

export async function recomputeRtt(
  instance: Target,
  token: string,
  summary: Summary,
  o: { consults: number; seconds: number },
) {
  const seedStarted = performance.now();
  instance.send({ type: 'seed-month', consults: o.consults });
  const { programId } = await instance.next('seeded');
  const seedMs = Math.round(performance.now() - seedStarted);
  const sock = connectSocket(instance.url, token);
  await connected(sock);
  try {
    const idle: number[] = [];
    for (let i = 0; i < IDLE_PROBES; i++) {
      idle.push(await probe(sock));
      await pause();
    }
    const done = instance.next('recomputed');
    let finished = false;
    void done.then(() => {
      finished = true;
    });
    instance.send({ type: 'recompute', programId, seconds: o.seconds });
    const busy: number[] = [];
    while (!finished) {
      busy.push(await probe(sock));
      await pause();
    }
    const recompute = await done;
    const a = summary(idle);
    const b = summary(busy);
    const ratio = (x: number, y: number) =>
      Math.round((x / Math.max(y, 0.01)) * 10) / 10;
    return {
      seedConsults: o.consults,
      seedMs,
      recompute: {
        passes: recompute.passes,
        consultsPerPass: recompute.consults,
        msPerPass: recompute.msPerPass,
      },
      idleMs: a,
      duringRecomputeMs: b,
      p50VsIdle: ratio(b.p50, a.p50),
      p99VsIdle: ratio(b.p99, a.p99),
      targetRatio: 2,
      meetsTarget: ratio(b.p50, a.p50) < 2 && ratio(b.p99, a.p99) < 2,
    };
  } finally {
    sock.close();
  }
}
