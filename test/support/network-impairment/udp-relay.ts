import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { DeliveryQueue } from './delivery-queue';
import { LinkModel, type LinkSpec } from './link-model';

/**
 * A user-space impaired UDP link on loopback (the kernel here has no netem).
 * Browsers send to `port` as if it were the TURN server; each browser socket
 * gets its own upstream socket to the real target, so the target sees one
 * client per browser socket. All clients share the two link models: they are
 * one household's access link.
 */
export interface UdpRelay {
  port: number;
  up: LinkModel;
  down: LinkModel;
  /** Drops every datagram while false (UDP blocked). */
  setPassing(passing: boolean): void;
  close(): Promise<void>;
}

export interface UdpRelayOptions {
  target: { host: string; port: number };
  up: LinkSpec;
  down: LinkSpec;
  random?: () => number;
  /**
   * The relay closes itself after this long (a forgotten one must not linger).
   */
  maxLifetimeMs?: number;
  maxClients?: number;
}

const IDLE_CLIENT_MS = 60_000;

export async function startUdpRelay(o: UdpRelayOptions): Promise<UdpRelay> {
  const up = new LinkModel(o.up, o.random);
  const down = new LinkModel(o.down, o.random);
  const maxClients = o.maxClients ?? 64;
  const clients = new Map<string, { sock: Socket; seen: number }>();
  let passing = true;
  let closed = false;
  const front = createSocket('udp4');

  const queues = new Map<LinkModel, DeliveryQueue>([
    [up, new DeliveryQueue()],
    [down, new DeliveryQueue()],
  ]);

  /** Hands the datagram to `send` when the link model says it arrives. */
  const through = (model: LinkModel, msg: Buffer, send: () => void) => {
    if (!passing || closed) return;
    const at = model.offer(performance.now(), msg.length);
    if (at !== null) queues.get(model)!.push(at, send);
  };

  const upstreamFor = (from: RemoteInfo) => {
    const key = `${from.address}:${from.port}`;
    let c = clients.get(key);
    if (!c) {
      if (clients.size >= maxClients) return null;
      const sock = createSocket('udp4');
      sock.on('message', (msg) =>
        through(down, msg, () => front.send(msg, from.port, from.address)),
      );
      sock.on('error', () => undefined);
      sock.bind(0, '127.0.0.1');
      c = { sock, seen: 0 };
      clients.set(key, c);
    }
    c.seen = Date.now();
    return c.sock;
  };

  front.on('message', (msg, from) => {
    const sock = upstreamFor(from);
    if (sock)
      through(up, msg, () => sock.send(msg, o.target.port, o.target.host));
  });
  front.on('error', () => undefined);
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', r));

  const sweep = setInterval(() => {
    for (const [key, c] of clients)
      if (Date.now() - c.seen > IDLE_CLIENT_MS) {
        c.sock.close();
        clients.delete(key);
      }
  }, 10_000);
  const close = async () => {
    if (closed) return;
    closed = true;
    clearInterval(sweep);
    clearTimeout(lifetime);
    for (const q of queues.values()) q.close();
    for (const c of clients.values()) c.sock.close();
    clients.clear();
    await new Promise<void>((r) => front.close(() => r()));
  };
  const lifetime = setTimeout(() => void close(), o.maxLifetimeMs ?? 600_000);
  lifetime.unref();
  sweep.unref();

  return {
    port: (front.address() as { port: number }).port,
    up,
    down,
    setPassing: (p) => (passing = p),
    close,
  };
}
