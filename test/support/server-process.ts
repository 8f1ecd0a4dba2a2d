import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The real entry point (server/main.ts) in a child process, killable like a
 * crashed one: `ready` once it prints its URL (rejects if it exits first),
 * `exited` with its exit code, `output` everything it printed.
 */
export function startServerProcess(
  env: Record<string, string>,
  logLevel = 'info',
) {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH!, LOG_LEVEL: logLevel, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('running at')) {
        clearInterval(t);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(t);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, ready, exited, output: () => out };
}
