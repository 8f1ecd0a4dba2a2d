import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * The path of a program the tests and benchmarks start (redis-server, initdb,
 * turnserver, chromium), or an error that says in one line which Debian
 * package brings it, instead of a bare `spawn ENOENT` later.
 */
export function debianTool(
  program: string,
  debianPackage: string,
  candidates: readonly string[] = [],
): string {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, program));
  for (const p of [...candidates, ...onPath]) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here; try the next place
    }
  }
  throw new Error(
    `${program} was not found: install Debian's ${debianPackage} package ` +
      `(apt-get install ${debianPackage}), as .ci/run does.`,
  );
}
