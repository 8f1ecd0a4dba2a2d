/**
 * A busy billing month on a bench instance's own store, and its
 * recomputation (the biller's "refresh") run on the instance's event loop,
 * as the billing desk runs it. Used by bench:queue to time a signaling round
 * trip while the recompute's queries run (test/bench/queue-recompute-rtt.ts).
 */
import { recomputePeriod } from '../../server/billing/billing-recompute';
import type { RunningServer } from '../../server/main';
import { billingConsult, insertCall } from '../support/billing-fixtures';

/** A past month, so nothing else the bench does writes into it. */
export const BUSY_MONTH = '2025-05';
const MONTH_START = Date.parse('2025-05-01T14:00:00Z');
const DAY = 86_400_000;

/** `consults` consults requested over the month, each with a 20-minute call. */
export async function seedBusyMonth(
  server: RunningServer,
  consults: number,
): Promise<string> {
  const { db } = server.services;
  let programId = '';
  for (let i = 0; i < consults; i++) {
    const requestedAt = new Date(MONTH_START + (i % 28) * DAY + i * 1000);
    const c = await billingConsult(db, { requestedAt });
    programId = c.programId;
    await insertCall(db, c, new Date(requestedAt.getTime() + 600_000), 20);
  }
  return programId;
}

/** Recomputes the month over and over for at least `seconds`. */
export async function recomputeFor(
  server: RunningServer,
  programId: string,
  seconds: number,
): Promise<{ passes: number; consults: number; msPerPass: number }> {
  const deps = { db: server.services.db, clock: server.services.clock };
  const started = performance.now();
  let passes = 0;
  let consults = 0;
  while (performance.now() - started < seconds * 1000) {
    consults = (await recomputePeriod(deps, programId, BUSY_MONTH)).consults;
    passes++;
  }
  const ms = performance.now() - started;
  return { passes, consults, msPerPass: Math.round(ms / passes) };
}
