import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { verifyPassword } from './passwords';

/**
 * The niceness of the password-check process: its argon2 work (about 50 ms
 * of a core per sign-in) yields the CPU to the server's own threads. On a
 * 2-core host, checks in the server's thread pool took a core the event loop
 * also needed: a guessing burst's few real checks (before the sign-in
 * limits refuse the rest) showed in every other user's round trips.
 */
export const PASSWORD_CHECK_NICENESS = 10;

// A plain script, so the child needs no TypeScript loader in any setting
// (dist, tsx, jest); argon2 is resolved by the parent, where it is installed.
const childSource = (argon2Path: string) => `
const argon2 = require(${JSON.stringify(argon2Path)});
process.on('message', (m) => {
  argon2.verify(m.hash, m.plain).then(
    (ok) => process.send({ id: m.id, ok }),
    () => process.send({ id: m.id, ok: false }),
  );
});
process.on('disconnect', () => process.exit(0));
`;

interface Pending {
  resolve(ok: boolean): void;
  hash: string;
  plain: string;
}

/**
 * Verifies passwords in a child process at a lower CPU priority, started on
 * the first check. If the child cannot start, or dies with checks pending,
 * those checks (and later ones, until it restarts) run in this process: a
 * sign-in is never lost to the child, only slower to other users.
 */
export class PasswordCheckProcess {
  private child: ChildProcess | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  verify(hash: string, plain: string): Promise<boolean> {
    const child = this.started();
    if (!child) return verifyPassword(hash, plain);
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      this.pending.set(id, { resolve, hash, plain });
      child.send({ id, hash, plain }, (err) => {
        if (err) this.inProcess(id);
      });
    });
  }

  /** The child's process id, once started (tests, diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  close(): void {
    this.closed = true;
    this.child?.kill();
    this.child = null;
  }

  private started(): ChildProcess | null {
    if (this.closed) return null;
    if (this.child) return this.child;
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        ['-e', childSource(require.resolve('argon2'))],
        { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
      );
    } catch {
      return null;
    }
    this.child = child;
    // Not what keeps the server running; the server's close() ends it.
    child.unref();
    if (child.pid)
      try {
        setPriority(child.pid, PASSWORD_CHECK_NICENESS);
      } catch {
        // Not permitted here: the checks still run, at normal priority.
      }
    child.on('message', (m: { id: number; ok: boolean }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m.ok === true);
    });
    child.on('error', () => this.lost(child));
    child.on('exit', () => this.lost(child));
    return child;
  }

  private lost(child: ChildProcess) {
    if (this.child === child) this.child = null;
    for (const id of [...this.pending.keys()]) this.inProcess(id);
  }

  private inProcess(id: number) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    verifyPassword(p.hash, p.plain).then(p.resolve);
  }
}
