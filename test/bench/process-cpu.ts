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
      out.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]),
      });
    } catch {
      // Exited while we read.
    }
  }
  return out;
}

/** CPU ticks of one process, or null once it is gone. */
function ticksOf(pid: number): number | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (which may hold spaces): state ppid ... utime (14th field) stime (15th).
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/** A process and its descendants: from the kernel's children lists where it has them (cheap), else a scan of /proc. */
function treeOf(rootPid: number): number[] {
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    } catch {
      const procs = readProcesses();
      const inTree = (p: number) => {
        for (
          let x = p, hops = 0;
          x > 1 && hops < 64;
          x = procs.get(x)?.ppid ?? 0, hops++
        )
          if (x === rootPid) return true;
        return false;
      };
      return [...procs.keys()].filter(inTree);
    }
    for (const c of children.split(' ')) if (c.trim()) queue.push(Number(c));
  }
  return out;
}

/**
 * CPU used by a process and its descendants over a window: PostgreSQL (its
 * backends) and redis-server share the cores with the bench's Node processes.
 * Sampled once a second, because a backend that exits takes its counters with
 * it (its CPU counts up to the last sample that saw it); cheaply, as the
 * sampler runs in the load generator and must not become load itself.
 */
export class ProcessTreeCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rootPid: number,
    everyMs = 1_000,
  ) {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), everyMs);
    this.timer.unref();
  }

  private sample(initial: boolean): void {
    for (const pid of treeOf(this.rootPid)) {
      const ticks = ticksOf(pid);
      if (ticks === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, initial ? ticks : 0);
      this.last.set(pid, ticks);
    }
  }

  /** Stops sampling; the CPU (ms) used since construction, or null where /proc could not tell. */
  stop(): number | null {
    this.sample(false);
    clearInterval(this.timer);
    if (!this.last.size) return null;
    let ticks = 0;
    for (const [pid, t] of this.last) ticks += t - (this.first.get(pid) ?? 0);
    return Math.round(ticks / TICKS_PER_MS);
  }
}

/** The postmaster's pid, from the first line of its data directory's postmaster.pid. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return (
      Number(
        readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0],
      ) || null
    );
  } catch {
    return null;
  }
}

/**
 * CPU (ms) this process's main thread has used, from /proc (Linux); null
 * elsewhere. process.cpuUsage() counts every thread: the embedded engine's
 * worker, the GC's and libuv's too.
 */
export function mainThreadCpuMs(): number | null {
  const ticks = ticksOf(process.pid);
  if (ticks === null) return null;
  try {
    const s = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Math.round((Number(f[11]) + Number(f[12])) / TICKS_PER_MS);
  } catch {
    return null;
  }
}
