/**
 * npm run bench:signaling [-- --rooms 500 --seconds 8 --no-browser]
 *
 * 1. Relay: ROOMS concurrent two-party rooms (2 x ROOMS sockets). In each room A
 *    sends an ICE-candidate-sized message to B through the server, B sends it
 *    back; one message in flight per room (closed loop). Measured on our
 *    signaling (auth, room membership, zod validation, rate limit), on a bare
 *    socket.io relay (no auth, no validation) and on a raw `ws` relay, in the
 *    same run. The load runs in a child process so it does not share the
 *    server's event loop.
 * 2. Chromium: time from "accept" (the psychiatrist's page starts joining the
 *    PCP who is waiting in the call) to remote video flowing on both pages, p50
 *    over 10 calls, against two pages wired together with no product code.
 *
 * Prints one JSON document.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { WebSocketServer, WebSocket } from 'ws';
import pino from 'pino';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import { MAX_SOCKET_PAYLOAD_BYTES } from '../../signaling/protocol/envelope';
import { login } from '../support/test-server';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { Client } from 'pg';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROOMS = arg('rooms', 500);
const SECONDS = arg('seconds', 8);
const WARMUP_MS = 2000;
/** 40 messages/s per socket at most, inside SOCKET_RATE_LIMIT (50/s); all three relays get the same pacing. */
const MIN_GAP_MS = 25;

const CANDIDATE = {
  candidate:
    'candidate:842163049 1 udp 1677729535 203.0.113.7 61200 typ srflx raddr 192.168.1.7 rport 61200 generation 0 ufrag EsAw network-id 1 network-cost 10',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'EsAw',
};

/** The relays all carry the same message shape as ours. */
const CALL_ID = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';

type Variant = 'ours' | 'socketio' | 'ws';
interface RoomSpec {
  a: { token?: string; id: string };
  b: { token?: string; id: string };
  consultId?: string;
}
interface LoadPlan {
  variant: Variant;
  url: string;
  rooms: RoomSpec[];
  seconds: number;
}
interface LoadResult {
  variant: Variant;
  messages: number;
  seconds: number;
  rtts: number[];
  errors: number;
}

// ---------------------------------------------------------------- load generator (child)

async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const ends: { sendA(): void; onA(fn: () => void): void; close(): void }[] =
    [];
  let errors = 0;
  const limit = pLimit(25);
  await Promise.all(
    plan.rooms.map((room, i) =>
      limit(async () => {
        const pair =
          plan.variant === 'ws'
            ? await wsPair(plan.url, i)
            : plan.variant === 'socketio'
              ? await bareIoPair(plan.url, i)
              : await ourPair(plan.url, room);
        pair.onError(() => errors++);
        ends.push(pair);
      }),
    ),
  );
  // Closed loop: each room keeps exactly one message in flight.
  let counting = false;
  let messages = 0;
  const rtts: number[] = [];
  let stop = false;
  for (const end of ends) {
    let sentAt = 0;
    const send = () => {
      if (stop) return;
      sentAt = performance.now();
      end.sendA();
    };
    end.onA(() => {
      const now = performance.now();
      if (counting) {
        messages += 2; // A->B and B->A relays
        rtts.push(now - sentAt);
      }
      // A socket sends at most one message per MIN_GAP_MS: the product's per-socket budget (50/s) is a policy, not a cost.
      const wait = sentAt + MIN_GAP_MS - now;
      if (wait > 0) setTimeout(send, wait);
      else send();
    });
    sentAt = performance.now();
    end.sendA();
  }
  await sleep(WARMUP_MS);
  counting = true;
  const started = performance.now();
  await sleep(plan.seconds * 1000);
  counting = false;
  const seconds = (performance.now() - started) / 1000;
  stop = true;
  await sleep(300);
  for (const e of ends) e.close();
  return { variant: plan.variant, messages, seconds, rtts, errors };
}

interface Pair {
  sendA(): void;
  onA(fn: () => void): void;
  onError(fn: () => void): void;
  close(): void;
}

function ioConnect(
  url: string,
  auth: Record<string, unknown>,
  query?: Record<string, string>,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = ioClient(url, {
      transports: ['websocket'],
      auth,
      query,
      forceNew: true,
      reconnection: false,
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function ourPair(url: string, room: RoomSpec): Promise<Pair> {
  const a = await ioConnect(url, { token: room.a.token });
  const b = await ioConnect(url, { token: room.b.token });
  const join = async (s: Socket, session: string) => {
    const r = await s.timeout(60_000).emitWithAck('call:join', {
      consultId: room.consultId,
      peerSession: session,
    });
    if (!r.ok) throw new Error(`join failed: ${JSON.stringify(r.error)}`);
    return r.data.call.callId as string;
  };
  const callId = await join(a, `bench-a-${room.a.id.slice(0, 8)}`);
  await join(b, `bench-b-${room.b.id.slice(0, 8)}`);
  b.on('call:signal', (m: { candidate: unknown }) =>
    b.emit('call:signal', {
      callId,
      to: room.a.id,
      session: 'bench-session-b',
      candidate: m.candidate,
    }),
  );
  return {
    sendA: () =>
      a.emit('call:signal', {
        callId,
        to: room.b.id,
        session: 'bench-session-a',
        candidate: CANDIDATE,
      }),
    onA: (fn) => a.on('call:signal', fn),
    onError: (fn) => {
      a.on('app:error', fn);
      b.on('app:error', fn);
    },
    close: () => {
      a.close();
      b.close();
    },
  };
}

async function bareIoPair(url: string, i: number): Promise<Pair> {
  const a = await ioConnect(url, {}, { room: `r${i}-a` });
  const b = await ioConnect(url, {}, { room: `r${i}-b` });
  b.on('relay', (m: { candidate: unknown }) =>
    b.emit('relay', {
      callId: CALL_ID,
      to: `r${i}-a`,
      session: 'bench-session-b',
      candidate: m.candidate,
    }),
  );
  return {
    sendA: () =>
      a.emit('relay', {
        callId: CALL_ID,
        to: `r${i}-b`,
        session: 'bench-session-a',
        candidate: CANDIDATE,
      }),
    onA: (fn) => a.on('relay', fn),
    onError: () => undefined,
    close: () => {
      a.close();
      b.close();
    },
  };
}

async function wsPair(url: string, i: number): Promise<Pair> {
  const open = (id: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const w = new WebSocket(`${url}?id=${id}`);
      w.once('open', () => resolve(w));
      w.once('error', reject);
    });
  const a = await open(`r${i}-a`);
  const b = await open(`r${i}-b`);
  b.on('message', (data) => {
    const m = JSON.parse(String(data)) as { candidate: unknown };
    b.send(
      JSON.stringify({
        callId: CALL_ID,
        to: `r${i}-a`,
        session: 'bench-session-b',
        candidate: m.candidate,
      }),
    );
  });
  return {
    sendA: () =>
      a.send(
        JSON.stringify({
          callId: CALL_ID,
          to: `r${i}-b`,
          session: 'bench-session-a',
          candidate: CANDIDATE,
        }),
      ),
    onA: (fn) => a.on('message', fn),
    onError: () => undefined,
    close: () => {
      a.close();
      b.close();
    },
  };
}

// ---------------------------------------------------------------- relay servers (parent)

async function listen(http: HttpServer): Promise<number> {
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return (http.address() as AddressInfo).port;
}

/**
 * `sameOptions`: the transport options our server runs with (connection-state
 * recovery, which keeps every relayed packet for the grace window, and the frame cap),
 * so the gap left is what our own code costs.
 */
async function bareSocketIo(
  sameOptions: boolean,
): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = new IoServer(http, {
    serveClient: false,
    ...(sameOptions
      ? {
          maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
          connectionStateRecovery: {
            maxDisconnectionDuration: 60_000,
            skipMiddlewares: false,
          },
        }
      : {}),
  });
  io.on('connection', (socket) => {
    socket.join(String(socket.handshake.query.room));
    const from = String(socket.handshake.query.room);
    socket.on(
      'relay',
      (m: {
        callId: string;
        to: string;
        session: string;
        candidate: unknown;
      }) =>
        socket.to(m.to).emit('relay', {
          callId: m.callId,
          from,
          session: m.session,
          candidate: m.candidate,
        }),
    );
  });
  const port = await listen(http);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => io.close(() => r())),
  };
}

async function rawWs(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const byId = new Map<string, WebSocket>();
  wss.on('connection', (ws, req) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id')!;
    byId.set(id, ws);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        callId: string;
        to: string;
        session: string;
        candidate: unknown;
      };
      byId.get(m.to)?.send(
        JSON.stringify({
          callId: m.callId,
          from: id,
          session: m.session,
          candidate: m.candidate,
        }),
      );
    });
    ws.on('close', () => byId.delete(id));
  });
  const port = await listen(http);
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => http.close(() => r())));
    },
  };
}

/**
 * The product as deployed: real PostgreSQL (a throwaway one, as the tests use).
 * PGlite would run every query on the event loop and measure the embedded store instead.
 */
async function productServer(databaseUrl: string): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    // Every simulated user connects from this one loopback address.
    SOCKETS_OPEN_PER_ADDRESS: '100000',
    SOCKET_CONNECT_BURST_PER_ADDRESS: '100000',
  });
  return startServer(config, { logger: pino({ level: 'silent' }) });
}

async function freshDatabase(pg: PostgresServer): Promise<string> {
  const name = `bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return pg.url.replace(/\/postgres$/, `/${name}`);
}

function loadInChild(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(__filename, ['--child'], {
      execArgv: ['--require', 'tsx/cjs'],
      serialization: 'advanced',
    });
    child.once('message', (m) => {
      resolve(m as LoadResult);
      child.kill();
    });
    child.once('error', reject);
    child.once(
      'exit',
      (code) => code && reject(new Error(`load generator exited with ${code}`)),
    );
    child.send(plan);
  });
}

function summarize(r: LoadResult) {
  const sorted = [...r.rtts].sort((x, y) => x - y);
  const pct = (p: number) =>
    round(
      sorted[
        Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
      ] ?? NaN,
    );
  return {
    messagesPerSecond: Math.round(r.messages / r.seconds),
    roundTrips: sorted.length,
    rttMsP50: pct(50),
    rttMsP99: pct(99),
    errors: r.errors,
  };
}

const ROUNDS = arg('rounds', 3);

/** Best of ROUNDS, variants interleaved, so background load on a shared machine hits them alike. */
async function relayBench(pg: PostgresServer) {
  const server = await productServer(await freshDatabase(pg));
  const pcp = await login(server.url, 'pcp@demo.test');
  const psy = await login(server.url, 'psych.child@demo.test');
  const rooms: RoomSpec[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const c = await acceptedConsult(server.services.db);
    rooms.push({
      consultId: c.consultId,
      a: { token: pcp.token, id: c.pcpId },
      b: { token: psy.token, id: c.psychiatristId },
    });
  }
  const runs: Record<
    'ours' | 'bareSocketIo' | 'bareSocketIoSameOptions' | 'rawWs',
    ReturnType<typeof summarize>[]
  > = { ours: [], bareSocketIo: [], bareSocketIoSameOptions: [], rawWs: [] };
  // --only-ours: profile our server alone (node --cpu-prof -r tsx/cjs test/bench/signaling.ts --only-ours --no-browser).
  const onlyOurs = process.argv.includes('--only-ours');
  for (let r = 0; r < ROUNDS; r++) {
    runs.ours.push(
      summarize(
        await loadInChild({
          variant: 'ours',
          url: server.url,
          rooms,
          seconds: SECONDS,
        }),
      ),
    );
    if (onlyOurs) continue;
    for (const same of [false, true]) {
      const bare = await bareSocketIo(same);
      runs[same ? 'bareSocketIoSameOptions' : 'bareSocketIo'].push(
        summarize(
          await loadInChild({
            variant: 'socketio',
            url: bare.url,
            rooms,
            seconds: SECONDS,
          }),
        ),
      );
      await bare.close();
    }
    const raw = await rawWs();
    runs.rawWs.push(
      summarize(
        await loadInChild({
          variant: 'ws',
          url: raw.url,
          rooms,
          seconds: SECONDS,
        }),
      ),
    );
    await raw.close();
  }
  await server.close();
  if (onlyOurs) return { ours: runs.ours };
  const best = (xs: ReturnType<typeof summarize>[]) =>
    xs.reduce((a, b) => (b.messagesPerSecond > a.messagesPerSecond ? b : a));
  const ours = best(runs.ours);
  const socketio = best(runs.bareSocketIo);
  const same = best(runs.bareSocketIoSameOptions);
  const ws = best(runs.rawWs);
  return {
    rooms: ROOMS,
    sockets: ROOMS * 2,
    payloadBytes: JSON.stringify({
      callId: '00000000-0000-0000-0000-000000000000',
      to: '00000000-0000-0000-0000-000000000000',
      session: 'bench-session-a',
      candidate: CANDIDATE,
    }).length,
    pacing: `one round trip in flight per room, each socket at most ${1000 / MIN_GAP_MS} messages/s`,
    secondsMeasuredPerRun: SECONDS,
    rounds: ROUNDS,
    ours,
    bareSocketIo: socketio,
    bareSocketIoSameOptions: same,
    rawWs: ws,
    allRunsMessagesPerSecond: Object.fromEntries(
      Object.entries(runs).map(([k, v]) => [
        k,
        v.map((r) => r.messagesPerSecond),
      ]),
    ),
    ratios: {
      throughputOursVsBareSocketIo: round(
        ours.messagesPerSecond / socketio.messagesPerSecond,
        3,
      ),
      throughputOursVsBareSocketIoSameOptions: round(
        ours.messagesPerSecond / same.messagesPerSecond,
        3,
      ),
      throughputOursVsRawWs: round(
        ours.messagesPerSecond / ws.messagesPerSecond,
        3,
      ),
      rttP50OursVsBareSocketIo: round(ours.rttMsP50 / socketio.rttMsP50, 3),
      rttP99OursVsBareSocketIo: round(ours.rttMsP99 / socketio.rttMsP99, 3),
    },
    target: { throughputOursVsBareSocketIoAtLeast: 0.9 },
  };
}

// ---------------------------------------------------------------- Chromium accept -> media

async function browserBench(pg: PostgresServer, calls = 10) {
  const { launchBrowser, newParticipant, openCallPage, CALL_TEST_PATH } =
    await import('../support/browser');
  const browser = await launchBrowser();
  const server = await productServer(await freshDatabase(pg));
  const pcp = await login(server.url, 'pcp@demo.test');
  const psy = await login(server.url, 'psych.child@demo.test');
  const product: number[] = [];
  const baseline: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const consult = await acceptedConsult(server.services.db);
      const a = await newParticipant(browser);
      const b = await newParticipant(browser);
      await openCallPage(a.page, server.url);
      await openCallPage(b.page, server.url);
      await a.page.evaluate(
        (x) =>
          window.callTest.join(x as Parameters<Window['callTest']['join']>[0]),
        { token: pcp.token, target: { consultId: consult.consultId } },
      );
      const aSees = a.page.evaluate(() => window.callTest.mediaSeen());
      const t0 = await b.page.evaluate(() => Date.now());
      void b.page.evaluate(
        (x) =>
          window.callTest.join(x as Parameters<Window['callTest']['join']>[0]),
        { token: psy.token, target: { consultId: consult.consultId } },
      );
      const bSees = b.page.evaluate(() => window.callTest.mediaSeen());
      product.push(Math.max(await aSees, await bSees) - t0);
      await a.context.close();
      await b.context.close();
    }
    for (let i = 0; i < calls; i++)
      baseline.push(
        await bareBrowserCall(
          browser,
          server.url,
          CALL_TEST_PATH,
          newParticipant,
        ),
      );
  } finally {
    await browser.close();
    await server.close();
  }
  const p50 = (xs: number[]) =>
    [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return {
    calls,
    acceptToMediaMsP50: p50(product),
    bareWebRtcMsP50: p50(baseline),
    ratio: round(p50(product) / p50(baseline), 3),
    productSamplesMs: product,
    baselineSamplesMs: baseline,
  };
}

/** Two pages, no product code: getUserMedia, one RTCPeerConnection each, SDP and candidates passed by playwright. */
async function bareBrowserCall(
  browser: import('playwright-core').Browser,
  baseUrl: string,
  path: string,
  newParticipant: typeof import('../support/browser').newParticipant,
): Promise<number> {
  const [a, b] = [await newParticipant(browser), await newParticipant(browser)];
  for (const p of [a, b]) {
    await p.page.route(`${baseUrl}${path}`, (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><body><script>${BARE_PAGE}</script></body>`,
      }),
    );
    await p.page.goto(`${baseUrl}${path}`);
  }
  await a.page.exposeBinding('signal', (_s, m) =>
    b.page.evaluate((x) => (window as any).onSignal(x), m),
  );
  await b.page.exposeBinding('signal', (_s, m) =>
    a.page.evaluate((x) => (window as any).onSignal(x), m),
  );
  // A (the PCP) is already in, with media, waiting for an offer.
  await a.page.evaluate(() => (window as any).prepare(false));
  const aSees = a.page.evaluate(() => (window as any).mediaSeen());
  const t0 = await b.page.evaluate(() => Date.now());
  void b.page.evaluate(() => (window as any).prepare(true));
  const bSees = b.page.evaluate(() => (window as any).mediaSeen());
  const ms = Math.max(await aSees, await bSees) - t0;
  await a.context.close();
  await b.context.close();
  return ms;
}

const MEDIA_SEEN = `async function mediaSeenIn(getPcs) {
  for (;;) {
    for (const pc of getPcs()) {
      const stats = await pc.getStats();
      let bytes = 0;
      stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') bytes += s.bytesReceived || 0; });
      if (bytes > 0) return Date.now();
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}`;

const BARE_PAGE = `${MEDIA_SEEN}
let pc = null;
window.prepare = async (offerer) => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  pc = new RTCPeerConnection({ iceServers: [] });
  for (const t of stream.getTracks()) pc.addTrack(t, stream);
  pc.onicecandidate = (e) => e.candidate && window.signal({ candidate: e.candidate.toJSON() });
  if (offerer) { await pc.setLocalDescription(); window.signal({ description: pc.localDescription.toJSON() }); }
};
window.onSignal = async (m) => {
  if (m.description) {
    await pc.setRemoteDescription(m.description);
    if (m.description.type === 'offer') { await pc.setLocalDescription(); window.signal({ description: pc.localDescription.toJSON() }); }
  } else if (m.candidate) { await pc.addIceCandidate(m.candidate).catch(() => {}); }
};
window.mediaSeen = () => mediaSeenIn(() => (pc ? [pc] : []));`;

// ---------------------------------------------------------------- main

function pLimit(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

if (process.argv.includes('--child')) {
  process.once('message', (plan) => {
    runLoad(plan as LoadPlan).then(
      (r) => process.send!(r),
      (err) => {
        process.stderr.write(`${err?.stack ?? err}\n`);
        process.exit(1);
      },
    );
  });
} else {
  (async () => {
    const pg = await startPostgres();
    try {
      const relay = await relayBench(pg);
      const chromium = process.argv.includes('--no-browser')
        ? null
        : await browserBench(pg);
      process.stdout.write(
        `${JSON.stringify({ benchmark: 'signaling', relay, chromium }, null, 2)}\n`,
      );
    } finally {
      pg.stop();
    }
    process.exit(0);
  })().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
