/**
 * What the engine thread's CPU goes to, for benchmarks: its thread's CPU
 * time (Linux, /proc/thread-self/schedstat, in nanoseconds) and, with
 * PGLITE_STATEMENT_PROFILE=1, that time per statement text. A statement is
 * charged the CPU from the previous one's end to its own end, so the
 * engine's work between statements (messages, replies) is counted too and
 * the kinds add up to the thread's total. Read by bench:queue.
 */
import { readFileSync } from 'node:fs';

export interface StatementCost {
  /** The statement's text, whitespace collapsed, cut at 160 characters. */
  sql: string;
  count: number;
  cpuMs: number;
}

/** One statement's run inside PGlite (not its wait for the engine's locks). */
export interface StatementRun {
  sql: string;
  ms: number;
}

export interface EngineProfile {
  /** The engine thread's CPU since the last profile (null without /proc). */
  engineCpuMs: number | null;
  /**
   * The longest runs since the last profile, longest first (always kept):
   * a run that stalls the engine holds every statement queued behind it.
   */
  longest: StatementRun[];
  /** Per statement text, costliest first (empty unless switched on). */
  statements: StatementCost[];
}

/** This thread's CPU time so far in ms, or null where /proc is missing. */
function threadCpuMs(): number | null {
  try {
    const ns = readFileSync('/proc/thread-self/schedstat', 'utf8');
    return Number(ns.split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

const LONGEST_KEPT = 3;
const keyOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 160);

export class StatementProfile {
  private readonly costs = new Map<string, StatementCost>();
  private longest: StatementRun[] = [];
  private since = threadCpuMs();
  private last = this.since;

  constructor(readonly perStatement: boolean) {}

  /** A statement's run took `ms` of wall time. */
  ran(sql: string, ms: number): void {
    const shortest = this.longest[LONGEST_KEPT - 1];
    if (shortest && ms <= shortest.ms) return;
    this.longest = [...this.longest, { sql: keyOf(sql), ms }]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, LONGEST_KEPT);
  }

  /** A statement (or COMMIT) just ended on this thread. */
  ended(sql: string): void {
    if (!this.perStatement) return;
    const now = threadCpuMs();
    if (now === null || this.last === null) return;
    const key = keyOf(sql);
    const c = this.costs.get(key) ?? { sql: key, count: 0, cpuMs: 0 };
    c.count++;
    c.cpuMs += now - this.last;
    this.costs.set(key, c);
    this.last = now;
  }

  /** What was spent since the last take, and start counting afresh. */
  take(): EngineProfile {
    const now = threadCpuMs();
    const out: EngineProfile = {
      engineCpuMs:
        now === null || this.since === null
          ? null
          : Math.round((now - this.since) * 10) / 10,
      longest: this.longest.map((r) => ({
        ...r,
        ms: Math.round(r.ms * 10) / 10,
      })),
      statements: [...this.costs.values()]
        .map((c) => ({ ...c, cpuMs: Math.round(c.cpuMs * 100) / 100 }))
        .sort((a, b) => b.cpuMs - a.cpuMs),
    };
    this.costs.clear();
    this.longest = [];
    this.since = now;
    this.last = now;
    return out;
  }
}
