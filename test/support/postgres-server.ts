import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { debianTool } from './debian-tool';
import { freePort } from './free-port';

/** A throwaway real PostgreSQL (Debian's package) in a temp dir on a loopback port. */
export interface PostgresServer {
  url: string;
  dir: string;
  stop(): void;
  /** Stops the server the way a crash or failover does (immediate), keeping its data. */
  halt(): void;
  /** Starts it again on the same port and data (after halt). */
  resume(): void;
}

function pgBin(name: string): string {
  return debianTool(
    name,
    'postgresql',
    ['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/${name}`),
  );
}

/** initdb and postgres refuse to run as root; run them as the `postgres` system user then. */
function asPgUser(cmd: string, args: string[]): string[] {
  if (process.getuid?.() !== 0) return [cmd, ...args];
  return ['runuser', '-u', 'postgres', '--', cmd, ...args];
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(
      execFileSync('id', ['-u', 'postgres']).toString().trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', 'postgres']).toString().trim(),
    );
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const run = (cmd: string, args: string[]) => {
    const [bin, ...rest] = asPgUser(cmd, args);
    const r = spawnSync(bin!, rest, { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  run(pgBin('initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB`;
  const start = () =>
    run(pgBin('pg_ctl'), [
      '-D',
      data,
      '-o',
      opts,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  const halt = () => {
    const [bin, ...rest] = asPgUser(pgBin('pg_ctl'), [
      '-D',
      data,
      '-m',
      'immediate',
      '-w',
      'stop',
    ]);
    spawnSync(bin!, rest);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop() {
      halt();
      rmSync(dir, { recursive: true, force: true });
    },
    halt,
    resume: start,
  };
}
