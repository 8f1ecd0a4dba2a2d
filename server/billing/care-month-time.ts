import { addDays, localMidnight } from './calendar-days';
import type { EnrollmentFact, LedgerEntryFact, Reason } from './billing-facts';
import {
  clinicianTime,
  describeTime,
  type ClinicianTime,
} from './clinician-time';

const MINUTE = 60_000;

/**
 * A care team's time in one month of an enrollment, from the time ledger,
 * and the reason a monthly line states it with.
 */

export interface MonthTime {
  minutes: number;
  perClinician: ClinicianTime[];
  lastWorkAt: number | null;
}

/**
 * Minutes in the month (and within the enrollment), each clinician's overlaps
 * counted once, then added across the team. Intervals crossing midnight at a
 * month boundary are cut there.
 */
export function teamTime(
  entries: readonly LedgerEntryFact[],
  enrollment: EnrollmentFact,
  month: { start: number; end: number },
  timeZone: string,
): MonthTime {
  const from = Math.max(
    month.start,
    localMidnight(enrollment.startDate, timeZone),
  );
  const to = Math.min(
    month.end,
    enrollment.endDate
      ? localMidnight(addDays(enrollment.endDate, 1), timeZone)
      : Infinity,
  );
  const byClinician = new Map<string, LedgerEntryFact[]>();
  for (const e of entries) {
    const clipped = clip(e, from, to);
    if (!clipped) continue;
    let list = byClinician.get(e.clinicianId);
    if (!list) byClinician.set(e.clinicianId, (list = []));
    list.push(clipped);
  }
  const perClinician = [...byClinician.entries()].map(([id, list]) =>
    clinicianTime(id, [], list),
  );
  const totalMs = perClinician.reduce((s, t) => s + t.totalMs, 0);
  const last = perClinician
    .map((t) => t.lastWorkAt ?? 0)
    .reduce((a, b) => Math.max(a, b), 0);
  return {
    minutes: Math.floor(totalMs / MINUTE),
    perClinician,
    lastWorkAt: last || null,
  };
}

function clip(
  e: LedgerEntryFact,
  from: number,
  to: number,
): LedgerEntryFact | null {
  if (e.endedAt === null)
    return e.startedAt >= from && e.startedAt < to ? e : null;
  const start = Math.max(e.startedAt, from);
  const end = Math.min(e.endedAt, to);
  return end > start ? { ...e, startedAt: start, endedAt: end } : null;
}

export function timeReason(label: string, t: MonthTime): Reason {
  return {
    rule: 'time.care_management',
    outcome: 'counted',
    message: `${label} time this month: ${t.minutes} min${t.perClinician.length > 1 ? ` across ${t.perClinician.length} team members` : ''} (${t.perClinician.map(describeTime).join('; ')}).`,
    data: {
      minutes: t.minutes,
      perClinician: t.perClinician.map((c) => ({
        clinicianId: c.clinicianId,
        minutes: c.minutes,
        overlapSeconds: Math.round(c.overlapMs / 1000),
      })),
    },
  };
}
