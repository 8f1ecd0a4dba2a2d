import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

/** Every process's parent and CPU ticks so far, from /proc (Linux); empty where there is no /proc. */
function readProcesses(): Map<number, { ppid: number; ticks: number }> {
  const out = new Map<number, { ppid: number; ticks: number }>();
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name (which may hold spaces): state ppid ... utime (14th field) stime (15th).
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // Exited while we read.
    }
  }
  return out;
}

/**
 * CPU used by a process and its descendants over a window: PostgreSQL (its
 * backends) and redis-server share the cores with the bench's Node processes.
 * Sampled, because a backend that exits takes its counters with it: its CPU is
 * counted up to the last sample that saw it.
 */
export class ProcessTreeCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private seen = false;

  constructor(
    private readonly rootPid: number,
    everyMs = 250,
  ) {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), everyMs);
    this.timer.unref();
  }

  private sample(initial: boolean): void {
    const procs = readProcesses();
    const inTree = (pid: number) => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.ppid ?? 0, hops++) if (p === this.rootPid) return true;
      return false;
    };
    for (const [pid, s] of procs) {
      if (!inTree(pid)) continue;
      this.seen = true;
      if (!this.first.has(pid)) this.first.set(pid, initial ? s.ticks : 0);
      this.last.set(pid, s.ticks);
    }
  }

  /** Stops sampling; the CPU (ms) used since construction, or null where /proc could not tell. */
  stop(): number | null {
    this.sample(false);
    clearInterval(this.timer);
    if (!this.seen) return null;
    let ticks = 0;
    for (const [pid, t] of this.last) ticks += t - (this.first.get(pid) ?? 0);
    return Math.round(ticks / TICKS_PER_MS);
  }
}

/** The postmaster's pid, from the first line of its data directory's postmaster.pid. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}
