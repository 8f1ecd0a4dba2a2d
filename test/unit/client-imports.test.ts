import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The web client reaches the server only through the wire contract
 * (signaling/protocol/), and the contract depends on nothing else in the
 * repository: so no client file can pull in a server file, even as a type.
 * Files are read as text and relative imports resolved, the way a newcomer
 * would follow them.
 */

const ROOT = resolve(__dirname, '../..');
const CONTRACT = 'signaling/protocol/';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier: import/export ... from, side-effect imports, import(). */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1]!));
}

/** Relative imports of `file` (a repo-relative path) that resolve outside `allowed` folders. */
function strayImports(
  file: string,
  source: string,
  allowed: readonly string[],
): string[] {
  return specifiers(source)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)))
    .filter((target) => !allowed.some((a) => `${target}/`.startsWith(a)));
}

describe('the client reaches the server only through the wire contract', () => {
  it('finds a server import however it is written (so the checks below can fail)', () => {
    const file = 'client/src/api/example.ts';
    const source = [
      "import type { User } from '../../../server/org/users';",
      'import {',
      '  a,',
      "} from '../../../server/queue/queue-board';",
      "export { ROLES } from '../../../server/auth/roles';",
      "const lazy = () => import('../../../server/main');",
      "import { ok } from './api-client';",
      "import { z } from 'zod';",
      "import type { Role } from '../../../signaling/protocol/identities';",
    ].join('\n');
    expect(strayImports(file, source, ['client/', CONTRACT])).toEqual([
      'server/org/users',
      'server/queue/queue-board',
      'server/auth/roles',
      'server/main',
    ]);
  });

  it('no client file imports anything outside client/ and signaling/protocol/', () => {
    const files = sourceFiles('client/src');
    expect(files.length).toBeGreaterThan(50);
    const stray = files.flatMap((f) =>
      strayImports(f, readFileSync(join(ROOT, f), 'utf8'), [
        'client/',
        CONTRACT,
      ]).map((t) => `${f} -> ${t}`),
    );
    expect(stray).toEqual([]);
  });

  it('the contract imports nothing from the rest of the repository', () => {
    const files = sourceFiles('signaling/protocol');
    expect(files.length).toBeGreaterThan(10);
    const stray = files.flatMap((f) =>
      strayImports(f, readFileSync(join(ROOT, f), 'utf8'), [CONTRACT]).map(
        (t) => `${f} -> ${t}`,
      ),
    );
    expect(stray).toEqual([]);
  });
});
