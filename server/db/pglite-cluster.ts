/**
 * A fresh PGlite cluster, made once in a short-lived child process and kept
 * as a data-dir tarball. initdb inside PGlite grows its WebAssembly memory to
 * ~800 MB, which a process never gives back; in a child it goes when the
 * child ends, and the server's engine starts from the tarball as from an
 * existing cluster (~5x less memory). Tests and benchmarks that open many
 * in-memory engines skip initdb altogether.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PostgreSQL's default 128 MB of shared buffers is allocated and written at
 * start-up inside the WebAssembly memory, which is never given back: most of
 * an idle embedded server's memory. The program's working set is a few MB.
 *
 * A new WAL segment is not written full of zeros first (only its last
 * byte): with no WAL writer in PGlite, the statement that crossed into a
 * new 16 MB segment wrote all of it, and held every statement queued behind
 * it ~70 ms in memory, ~20 ms on disk (docs/database.md). Recovery reads a
 * segment's records as before; PostgreSQL offers this for file systems where
 * the zeros buy nothing.
 */
export const ENGINE_START_PARAMS = [
  '-c',
  'shared_buffers=16MB',
  '-c',
  'wal_init_zero=off',
];

/**
 * What the child runs: plain JS, so it needs no TypeScript loader. With
 * PGLITE_DATA_DIR it leaves a cluster there (from the template when one is
 * given); otherwise it writes a template to PGLITE_TEMPLATE_OUT.
 */
const CHILD_SCRIPT = `
const { readFileSync, writeFileSync } = require('node:fs');
const { PGlite } = require(process.env.PGLITE_MODULE);
const { PGLITE_DATA_DIR: dir, PGLITE_TEMPLATE: from } = process.env;
(async () => {
  const db = await PGlite.create(dir, from
    ? { loadDataDir: new Blob([readFileSync(from)]) } : {});
  if (!dir) {
    const tar = await db.dumpDataDir('none');
    writeFileSync(process.env.PGLITE_TEMPLATE_OUT,
      Buffer.from(await tar.arrayBuffer()), { mode: 0o600 });
  }
  await db.close();
})().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\\n');
  process.exit(1);
});
`;

function pgliteModule(): { entry: string; version: string } {
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = path.join(path.dirname(entry), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as {
    version: string;
  };
  return { entry, version };
}

/** Per PGlite version and user: a template made by another version or user is never read. */
export function templatePath(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const { version } = pgliteModule();
  return path.join(os.tmpdir(), `psych-access-pglite-${version}-${uid}.tar`);
}

function runChild(env: Record<string, string>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
      env: { ...process.env, PGLITE_MODULE: pgliteModule().entry, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `Creating the embedded database failed: ${stderr.trim()}`,
            ),
          ),
    );
  });
}

async function createTemplate(file: string): Promise<void> {
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  try {
    await runChild({ PGLITE_TEMPLATE_OUT: partial });
    // Atomic: a concurrent start reads a whole template or makes its own.
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Leaves a new cluster in `dataDir` (which has none), made in a child
 * process, so the server then opens it as an existing one.
 */
export async function createClusterIn(dataDir: string): Promise<void> {
  const template = templatePath();
  mkdirSync(dataDir, { recursive: true });
  await runChild({
    PGLITE_DATA_DIR: dataDir,
    ...(existsSync(template) ? { PGLITE_TEMPLATE: template } : {}),
  });
}

let made: Promise<void> | null = null;

/**
 * The fresh-cluster tarball (40 MB), made once in the temp folder and read
 * anew for each engine rather than kept: each engine drops its copy once
 * loaded, and a process that opens several held one more for its life.
 */
export async function freshClusterTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const file = templatePath();
  if (!existsSync(file)) {
    made ??= createTemplate(file).finally(() => {
      made = null;
    });
    await made;
  }
  return new Uint8Array(readFileSync(file));
}
