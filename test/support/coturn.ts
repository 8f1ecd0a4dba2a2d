import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { debianTool } from './debian-tool';
import { freePort } from './free-port';
import { waitForPort } from './redis-server';

/** A throwaway coturn (Debian's turnserver) on loopback, using the REST shared-secret scheme. */
export interface Coturn {
  port: number;
  /** TURN over UDP, as browsers use it. */
  url: string;
  secret: string;
  process: ChildProcess;
  /** What turnserver printed (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

export async function startCoturn(
  secret = `turn-secret-${Math.random().toString(36).slice(2)}`,
): Promise<Coturn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pa-coturn-'));
  const port = await freePort();
  // A relay port range of our own, so parallel runs do not collide.
  const minPort = 40_000 + Math.floor(Math.random() * 200) * 100;
  const child = spawn(
    debianTool('turnserver', 'coturn'),
    [
      '-n',
      `--listening-port=${port}`,
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=psych-access',
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      `--min-port=${minPort}`,
      `--max-port=${minPort + 99}`,
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on(
    'data',
    (b: Buffer) => (output = (output + b.toString()).slice(-20_000)),
  );
  child.stderr!.on(
    'data',
    (b: Buffer) => (output = (output + b.toString()).slice(-20_000)),
  );
  // coturn also listens on TCP at the same port: a TCP connect says it is up.
  const died = new Promise<never>((_, reject) =>
    child.once('exit', () => reject(new Error('turnserver exited'))),
  );
  await Promise.race([waitForPort(port, 10_000), died]).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${output}`);
  });
  return {
    port,
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    process: child,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
