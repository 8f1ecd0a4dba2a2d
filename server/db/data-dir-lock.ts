import {
  closeSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One server per embedded store. Two processes on one PGlite directory both
 * answer, and whichever stops first loses its writes and leaves the files
 * corrupt, so the directory is locked: a lock file created exclusively
 * (O_EXCL) holding the owner's PID and host. A lock whose process is gone
 * (killed, crashed) is stale and taken over; a live one refuses the start
 * with a sentence naming its PID.
 */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data directory ${dir} is in use by another server (PID ${owner.pid} on ${owner.host}, started ${owner.startedAt}). ` +
        'Stop that server first, or give this one another DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

const LOCK_NAME = 'server.lock';

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string'
      ? { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? '?') }
      : null;
  } catch {
    return null;
  }
}

/** On this host, a process that no longer exists holds nothing. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot tell: assume it runs
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  };
  writeSync(fd, JSON.stringify(me));
  closeSync(fd);
  return true;
}

export function acquireDataDirLock(dir: string): DataDirLock {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file)) return lockHandle(file);
    const owner = readOwner(file);
    if (owner && isAlive(owner)) throw new DataDirInUseError(dir, owner);
    // Stale (or half-written by a process killed mid-write): take it over,
    // unless another starter replaced it since we read it.
    const again = readOwner(file);
    if (JSON.stringify(again) !== JSON.stringify(owner)) continue;
    try {
      unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const owner = readOwner(file);
  throw owner
    ? new DataDirInUseError(dir, owner)
    : new Error(`Could not lock the data directory ${dir}.`);
}

function lockHandle(file: string): DataDirLock {
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      // Only our own lock: never remove one a later owner wrote.
      if (readOwner(file)?.pid === process.pid) unlinkSync(file);
    },
  };
}
