import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Handlers reach consults, patients, reports, visits, calls, consents and billing rows
 * only through the request's care reader (ctx.care) or a service that takes
 * a row the reader returned: a route file may not import the repositories of
 * those tables, nor decide access itself, nor run SQL.
 */
const ROOT = resolve(__dirname, '../..');

const GUARDED_MODULES = [
  'server/consults/consult-repository',
  'server/patients/patient-repository',
  'server/reports/report-repository',
  'server/visits/visit-repository',
  'server/visits/participant-repository',
  'server/visits/invite-repository',
  'server/visits/visit-session-repository',
  'server/visits/visitor-device-repository',
  'server/visits/visit-consent-repository',
  'server/visits/visit-consult',
  'server/calls/call-repository',
  'server/billing/billing-facts-repository',
  'server/billing/billing-scope-repository',
  'server/billing/payer-rules-repository',
  'server/billing/billing-line-repository',
  'server/billing/export-repository',
  'server/billing/ledger-repository',
  'server/billing/patient-facts-repository',
  'server/consent/consent-repository',
  // Deciding access is the reader's job, not a handler's.
  'server/auth/access-policy',
  'server/auth/access-gate',
  'server/db/database',
  'server/db/statement',
];

const SQL =
  /\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b|\.query\s*[<(]/i;

function routeFiles(dir = join(ROOT, 'server')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? routeFiles(join(dir, e.name))
      : e.name.endsWith('-routes.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Value imports (an `import type` cannot reach a table) as repo-relative paths without extension. */
function valueImports(file: string, source: string): string[] {
  const out: string[] = [];
  const re = /import\s+(type\s+)?([\s\S]*?)\s+from\s+'([^']+)'/g;
  for (const m of source.matchAll(re)) {
    if (m[1] || !m[3]!.startsWith('.')) continue;
    const names = m[2]!
      .replace(/[{}\s]/g, '')
      .split(',')
      .filter(Boolean);
    if (names.length && names.every((n) => n.startsWith('type'))) continue;
    out.push(
      relative(ROOT, resolve(dirname(file), m[3]!)).replace(/\.ts$/, ''),
    );
  }
  return out;
}

/** What is wrong with one route file, as sentences. */
function violations(file: string, source: string): string[] {
  const name = relative(ROOT, file);
  const found = valueImports(file, source)
    .filter((m) => GUARDED_MODULES.includes(m))
    .map((m) => `${name} imports ${m}`);
  if (SQL.test(source)) found.push(`${name} runs SQL`);
  return found;
}

describe('route files reach patient data only through the care reader', () => {
  const files = routeFiles();

  it('finds the route files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it('no route file imports a guarded repository, decides access or runs SQL', () => {
    const found = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check catches a handler that goes around the reader', () => {
    const file = join(ROOT, 'server/reports/sneaky-routes.ts');
    const source = [
      "import { findConsult } from '../consults/consult-repository';",
      "import type { Consult } from '../consults/consult';",
      "import { decide } from '../auth/access-policy';",
      'const r = await s.db.query(`SELECT * FROM consults WHERE id = $1`, [id]);',
    ].join('\n');
    expect(violations(file, source)).toEqual([
      'server/reports/sneaky-routes.ts imports server/consults/consult-repository',
      'server/reports/sneaky-routes.ts imports server/auth/access-policy',
      'server/reports/sneaky-routes.ts runs SQL',
    ]);
  });

  it('type-only imports pass: they cannot reach a table', () => {
    const file = join(ROOT, 'server/reports/typed-routes.ts');
    const source = [
      "import type { LedgerEntry } from '../billing/ledger-repository';",
      "import { type InboxItem } from '../reports/report-repository';",
    ].join('\n');
    expect(violations(file, source)).toEqual([]);
  });
});
