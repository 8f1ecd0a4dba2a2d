import { connect, createServer, type Socket } from 'node:net';
import { DeliveryQueue } from './delivery-queue';
import { LinkModel, type LinkSpec } from './link-model';

/**
 * TURN over TCP through the same impaired link: chunks are delayed and rate
 * limited like datagrams, never lost (TCP would resend them) and never
 * dropped from the queue (TCP back-pressure would hold them instead).
 */
export interface TcpProxy {
  port: number;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  target: { host: string; port: number };
  up: () => LinkSpec;
  down: () => LinkSpec;
  maxLifetimeMs?: number;
  maxConnections?: number;
}

const reliable = (s: LinkSpec): LinkSpec => ({
  ...s,
  loss: { model: 'none' },
  queueMs: Number.POSITIVE_INFINITY,
});

export async function startTcpProxy(o: TcpProxyOptions): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let closed = false;

  const queues = new Set<DeliveryQueue>();
  const pipe = (from: Socket, to: Socket, model: LinkModel) => {
    const q = new DeliveryQueue();
    queues.add(q);
    from.on('close', () => {
      q.close();
      queues.delete(q);
    });
    from.on('data', (chunk: Buffer) => {
      const at = model.offer(performance.now(), chunk.length)!;
      q.push(at, () => {
        if (!to.destroyed) to.write(chunk);
      });
    });
  };

  const server = createServer((client) => {
    if (closed || sockets.size >= (o.maxConnections ?? 64) * 2) {
      client.destroy();
      return;
    }
    const upstream = connect(o.target.port, o.target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    pipe(client, upstream, new LinkModel(reliable(o.up())));
    pipe(upstream, client, new LinkModel(reliable(o.down())));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));

  const close = async () => {
    if (closed) return;
    closed = true;
    clearTimeout(lifetime);
    for (const q of queues) q.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  const lifetime = setTimeout(() => void close(), o.maxLifetimeMs ?? 600_000);
  lifetime.unref();
  return { port: (server.address() as { port: number }).port, close };
}
