import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import type { z } from 'zod';
import type { RunningServer } from '../../server/main';
import { clientRequests } from '../../signaling/protocol/requests';
import { leakedValues, logCapture } from '../support/log-capture';
import { connectSocket, connected, request } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Property-based fuzzing of every socket request in the wire contract
 * (signaling/protocol/requests.ts), from every staff role: payloads built
 * from the event's own zod schema keys with values of every JSON kind,
 * PHI-looking strings and control characters, and payloads that are not
 * objects at all; plus names outside the contract. Fixed seed; FUZZ_RUNS
 * (default 10 per event) makes a longer run. Asserts: every request is
 * answered, with data or the error shape and no stack; the process and its
 * sockets stay up; no PHI in the log.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const PHI = ['Xanthippe', 'Oyelaran', '1979-11-05', '+16175550144'];
/** Under the 50/s budget per socket: the flood guard is tested elsewhere. */
const PACE_MS = 25;

const nasty = fc.oneof(
  fc.constantFrom(...PHI, `${PHI[0]}\u0000`, '\u0000', '__proto__', ''),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom('available', 'away', 'send', 'recv', 'offer', 'audio'),
);
const value = fc.oneof(
  nasty,
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 3 }),
);

/** The keys of an object schema (through optional wrappers and refinements). */
function keysOf(schema: z.ZodType): string[] {
  let s: unknown = schema;
  for (let i = 0; i < 4 && s; i++) {
    const shape = (s as { shape?: Record<string, unknown> }).shape;
    if (shape) return Object.keys(shape);
    const def = (s as { def?: { innerType?: unknown; in?: unknown } }).def;
    s = def?.innerType ?? def?.in;
  }
  return [];
}

const payloadFor = (schema: z.ZodType) => {
  const keys = keysOf(schema);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, value])), {
        requiredKeys: [],
      }),
    },
    { weight: 1, arbitrary: value },
  );
};

const ROLES = [
  'pcp@demo.test',
  'psych.child@demo.test',
  'coordinator@demo.test',
  'admin@demo.test',
  'biller@demo.test',
];

describe('fuzzing every socket request', () => {
  let server: RunningServer;
  const log = logCapture();
  const sockets: Record<string, Socket> = {};
  beforeAll(async () => {
    server = await startTestServer({ logStream: log.stream });
    for (const email of ROLES) {
      const s = connectSocket(
        server.url,
        (await login(server.url, email)).token,
      );
      await connected(s);
      sockets[email] = s;
    }
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(sockets)) s.close();
    await server.close();
  });

  it('answers every request with data or the error shape, and stays up', async () => {
    const events = [
      ...Object.keys(clientRequests),
      'no-such:event',
      'queue:',
      '__proto__',
    ];
    const schemaOf = (e: string) =>
      (clientRequests as Record<string, z.ZodType>)[e];
    expect(events.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let answered = 0;
    for (const event of events) {
      const schema = schemaOf(event);
      await fc.assert(
        fc.asyncProperty(
          schema ? payloadFor(schema) : value,
          fc.constantFrom(...ROLES),
          async (payload, who) => {
            await new Promise((r) => setTimeout(r, PACE_MS));
            const sock = sockets[who]!;
            const reply = await request(sock, event, payload, 3000).catch(
              (err: Error) => ({ timeout: err.message }),
            );
            const text = JSON.stringify(reply);
            const shaped =
              'ok' in reply &&
              (reply.ok
                ? 'data' in reply
                : typeof reply.error?.code === 'string' &&
                  typeof reply.error?.message === 'string');
            if (
              !shaped ||
              /"stack"|\n\s+at /.test(text) ||
              (!reply.ok && reply.error.code === 'internal_error')
            )
              failures.push(
                `${who} ${event} ${text.slice(0, 200)} ${JSON.stringify(payload).slice(0, 200)}`,
              );
            else answered++;
            return true;
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    expect(answered).toBe(events.length * RUNS);
    for (const [who, s] of Object.entries(sockets))
      expect({ who, connected: s.connected }).toEqual({ who, connected: true });
    expect(leakedValues(log.text(), PHI)).toEqual([]);
    expect((await api(server.url, 'GET', '/readyz')).status).toBe(200);
    const fresh = connectSocket(
      server.url,
      (await login(server.url, 'coordinator@demo.test')).token,
    );
    await connected(fresh);
    expect(await request(fresh, 'queue:board', {})).toMatchObject({ ok: true });
    fresh.close();
  }, 300_000);
});
