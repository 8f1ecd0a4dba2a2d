// `npm start` builds only when the build's inputs changed since the last build:
// a content hash of every input file, kept beside the output. Prints how long
// the check or the build took. Plain Node, no dependencies: it runs before any
// TypeScript exists in dist/.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const stampFile = path.join(root, 'dist', '.build-inputs.sha256');
const outputs = ['dist/server/main.js', 'client/dist/index.html'];
const inputDirs = ['server', 'signaling', 'client'];
const inputFiles = [
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];
const skip = new Set(['node_modules', 'dist']);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (entry.isFile()) yield p;
  }
}

function inputsHash() {
  const files = [
    ...inputDirs.flatMap((d) => [...walk(path.join(root, d))]),
    ...inputFiles.map((f) => path.join(root, f)).filter((f) => existsSync(f)),
  ].sort();
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(root, f));
    hash.update('\0');
    hash.update(readFileSync(f));
  }
  return hash.digest('hex');
}

const started = performance.now();
const hash = inputsHash();
const built =
  outputs.every((o) => existsSync(path.join(root, o))) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === hash;
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
if (built) {
  process.stdout.write(`build: up to date (checked in ${seconds()} s)\n`);
} else {
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampFile, hash);
  process.stdout.write(`build: done in ${seconds()} s\n`);
}
