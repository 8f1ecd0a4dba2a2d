import fc from 'fast-check';
import type { z } from 'zod';
import type { RouteDefinition } from '../../server/http/route';
import type { RunningServer } from '../../server/main';
import { leakedValues, logCapture } from '../support/log-capture';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Property-based fuzzing of every declared route with a body: objects built
 * from the route's own zod schema keys, with values drawn from JSON of every
 * kind, PHI-looking strings and control characters. Fixed seed; FUZZ_RUNS
 * (default 10 per route) makes a longer run. Asserts: never a 5xx, the error
 * shape with no stack, no PHI in the log, and /readyz answers after, on
 * both stores (the PHI leak was PGlite's: its errors carried parameters).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

/**
 * PHI-looking values (names, dates of birth, phones), each one generated
 * fresh and remembered, so the log is searched for every value that was sent.
 */
const sentPhi = new Set<string>();
const remember = (v: string) => {
  sentPhi.add(v);
  return v;
};
const phi = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom('Xanthippe', 'Oyelaran', 'Quennell', 'Zebulonne'),
        fc.stringMatching(/^[a-z]{4}$/),
      )
      .map(([a, b]) => a + b),
    fc
      .date({
        min: new Date('1930-01-01'),
        max: new Date('2015-12-31'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    fc.stringMatching(/^\d{4}$/).map((d) => `+1617555${d}`),
  )
  .map(remember);

const nasty = fc.oneof(
  phi,
  phi.map((v) => `${v}\u0000`),
  fc.constantFrom('\u0000', '__proto__', ''),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const value = fc.oneof(
  nasty,
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 3 }),
);

function keysOf(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)
    ?.shape;
  return shape ? Object.keys(shape) : [];
}

const bodyFor = (def: RouteDefinition) => {
  const keys = keysOf(def.body);
  return keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), {
        requiredKeys: [],
      })
    : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 });
};

/** Path parameters filled with something plausible or hostile. */
const pathFor = (path: string, id: string) =>
  path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(id));

describe.each(STORE_KINDS)('fuzzing every route body on %s', (store) => {
  let server: RunningServer;
  const log = logCapture();
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({ store, logStream: log.stream });
    for (const email of ['pcp@demo.test', 'admin@demo.test'])
      tokens[email] = (await login(server.url, email)).token;
  }, 120_000);
  afterAll(() => server.close());

  it('never answers 5xx, always the error shape, no stack, no PHI logged', async () => {
    const defs = server.built.routes.filter(
      (d) => d.method !== 'get' && !d.rawBody && !d.path.includes('logout'),
    );
    expect(defs.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const [i, def] of defs.entries()) {
      await fc.assert(
        fc.asyncProperty(
          bodyFor(def),
          fc.constantFrom('pcp@demo.test', 'admin@demo.test'),
          fc.oneof(fc.uuid(), fc.constantFrom('x', '%00', '__proto__')),
          async (body, who, id) => {
            const r = await api(
              server.url,
              def.method.toUpperCase(),
              pathFor(def.path, id),
              { token: tokens[who], body },
            );
            const text = JSON.stringify(r.body);
            if (r.status >= 500 || /"stack"|\n\s+at /.test(text)) {
              // Collected, so one run lists every failing route.
              failures.push(
                `${def.method} ${def.path} ${r.status} ${text.slice(0, 200)} ${JSON.stringify({ body, id })}`,
              );
              return true;
            }
            if (r.status >= 400) {
              expect(typeof r.body.error?.code).toBe('string');
              expect(typeof r.body.error?.message).toBe('string');
            }
            return true;
          },
        ),
        // One seed per route, so each route gets values of its own.
        { seed: SEED + i, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    // Hundreds of distinct values, every one of them searched for.
    expect(sentPhi.size).toBeGreaterThan(100);
    expect(leakedValues(log.text(), [...sentPhi])).toEqual([]);
    expect((await api(server.url, 'GET', '/readyz')).status).toBe(200);
  }, 300_000);
});
