import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { localDate, monthBounds, monthOf } from './calendar-days';
import { codeConsult, codePatientMonth, codeVisit } from './coding-engine';
import {
  patientTimeZone,
  programTimeZone,
  enrollmentFacts,
  loadConsultFacts,
  loadPatientMonthFacts,
} from './billing-facts-repository';
import {
  consultIdsOfPatient,
  consultIdsToRecode,
  consultLineKeys,
  hasBillingFacts,
  lockBillingScope,
  monthLineKeys,
  patientsEnrolledIn,
} from './billing-scope-repository';
import { saveLines } from './billing-line-repository';
import { loadVisitFacts, visitIdsOfConsult } from './visit-facts-repository';
import { visitLineKeys } from './visit-rules';

/**
 * The I/O around the pure engine: load facts, code, store versions. One
 * transaction per scope, serialized by an advisory lock on the scope so two
 * instances recomputing the same consult cannot both write version n+1.
 */
export interface BillingDeps {
  db: Database;
  clock: Clock;
}

/** A consult's own lines, then those of its visits (their call events are the consult's too). */
export async function recomputeConsult(
  deps: BillingDeps,
  consultId: string,
): Promise<number> {
  // Nothing recorded yet: nothing to code. Whatever records time later recomputes again.
  if (!(await hasBillingFacts(deps.db, consultId))) return 0;
  let written = await recomputeConsultLines(deps, consultId);
  for (const visitId of await visitIdsOfConsult(deps.db, consultId))
    written += await recomputeVisit(deps, visitId);
  return written;
}

/** One virtual visit's telehealth lines (see docs/billing-visits.md). */
export async function recomputeVisit(
  deps: BillingDeps,
  visitId: string,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `billing:visit:${visitId}`,
    ]);
    const now = deps.clock.now();
    const facts = await loadVisitFacts(tx, visitId, now);
    if (!facts) return 0;
    const result = codeVisit(facts);
    return (
      await saveLines(
        tx,
        visitLineKeys(visitId),
        result.lines,
        result.notes,
        now,
      )
    ).written;
  });
}

async function recomputeConsultLines(
  deps: BillingDeps,
  consultId: string,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    await lockBillingScope(tx, `billing:consult:${consultId}`);
    const now = deps.clock.now();
    const facts = await loadConsultFacts(tx, consultId, now);
    if (!facts) return 0;
    const result = codeConsult(facts);
    return (
      await saveLines(
        tx,
        consultLineKeys(consultId),
        result.lines,
        result.notes,
        now,
      )
    ).written;
  });
}

export async function recomputePatientMonth(
  deps: BillingDeps,
  patientId: string,
  month: string,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    await lockBillingScope(tx, `billing:month:${patientId}:${month}`);
    const now = deps.clock.now();
    const facts = await loadPatientMonthFacts(tx, patientId, month, now);
    if (!facts) return 0;
    const result = codePatientMonth(facts);
    return (
      await saveLines(
        tx,
        monthLineKeys(patientId, month),
        result.lines,
        result.notes,
        now,
      )
    ).written;
  });
}

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

/** Months from `from` to `to` inclusive, at most `cap` of the latest. */
export function monthsBetween(from: string, to: string, cap = 24): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out.slice(-cap);
}

/** After a fact about the patient changed (consent, encounter, coverage, enrollment): every consult and enrolled month. */
export async function recomputePatient(
  deps: BillingDeps,
  patientId: string,
): Promise<number> {
  let written = 0;
  for (const id of await consultIdsOfPatient(deps.db, patientId))
    written += await recomputeConsult(deps, id);
  const tz = (await patientTimeZone(deps.db, patientId)) ?? 'UTC';
  const thisMonth = monthOf(localDate(deps.clock.now(), tz));
  for (const e of await enrollmentFacts(deps.db, patientId)) {
    const last =
      e.endDate && monthOf(e.endDate) < thisMonth
        ? monthOf(e.endDate)
        : thisMonth;
    for (const m of monthsBetween(monthOf(e.startDate), last))
      written += await recomputePatientMonth(deps, patientId, m);
  }
  return written;
}

/**
 * A period's recomputation (the biller's "refresh", and how held lines are
 * released once their window has passed): consults requested from a month
 * before the period through its end, consults with lines in it, every held
 * line, and every patient enrolled during it.
 */
export async function recomputePeriod(
  deps: BillingDeps,
  programId: string,
  month: string,
): Promise<{ consults: number; patientMonths: number; written: number }> {
  const tz = (await programTimeZone(deps.db, programId)) ?? 'UTC';
  const { start, end } = monthBounds(month, tz);
  const consults = await consultIdsToRecode(deps.db, programId, {
    requestedFrom: new Date(start - 31 * 86_400_000),
    requestedTo: new Date(end),
    serviceFrom: `${month}-01`,
    serviceTo: `${nextMonth(month)}-01`,
  });
  let written = 0;
  for (const id of consults) written += await recomputeConsult(deps, id);
  const enrolled = await patientsEnrolledIn(
    deps.db,
    programId,
    `${month}-01`,
    `${nextMonth(month)}-01`,
  );
  for (const patientId of enrolled)
    written += await recomputePatientMonth(deps, patientId, month);
  return {
    consults: consults.length,
    patientMonths: enrolled.length,
    written,
  };
}

export { nextMonth };
