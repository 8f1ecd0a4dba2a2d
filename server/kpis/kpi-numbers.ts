import {
  BASE_DIAGNOSIS_CATEGORIES,
  BASE_DISPOSITIONS,
} from '../../signaling/protocol/rest/outcomes';
import {
  REASON_CATEGORIES,
  REQUESTABLE_CONSULT_TYPES,
  URGENCIES,
} from '../../signaling/protocol/rest/consults';
import { AGE_BANDS, type Kpis } from './compute-kpis';
import type { KpiAggregateRow } from './kpi-aggregates';
import type { Figure } from './kpi-figure';
import type { KpiPeriod } from './kpi-period';

/** A figure's numbers without its ids (the page; ids come from drill-down). */
export type FigureNumbers = Pick<Figure, 'numerator' | 'denominator'>;
type Numbers<T> = T extends Figure
  ? FigureNumbers
  : T extends object
    ? { [K in keyof T]: Numbers<T[K]> }
    : T;
/** The KPI page as figures without ids: the shape of withoutIds(computeKpis()). */
export type KpiNumbers = Numbers<Kpis>;

const n = (numerator: number, denominator: number | null = null) => ({
  numerator,
  denominator,
});

/** Counts by key, the given keys first in their order, then others sorted (as breakdown()). */
export function countBreakdown(
  counts: Record<string, number>,
  denominator: number,
  keys: readonly string[] = [],
): Record<string, FigureNumbers> {
  const out: Record<string, FigureNumbers> = {};
  const extra = Object.keys(counts)
    .filter((k) => !keys.includes(k))
    .sort();
  for (const k of [...keys, ...extra]) out[k] = n(counts[k] ?? 0, denominator);
  return out;
}

const round1 = (v: number | null) =>
  v === null ? null : Math.round(v * 10) / 10;

/** The page from one row of SQL counts. Pure: the same numbers as computeKpis. */
export function kpiNumbers(
  r: KpiAggregateRow,
  period: KpiPeriod,
  targetMinutes: number,
): KpiNumbers {
  return {
    period: {
      from: period.from,
      to: period.to,
      timeZone: period.timeZone,
      days: period.days,
    },
    consults: {
      total: n(r.total),
      byType: countBreakdown(r.byType, r.total, REQUESTABLE_CONSULT_TYPES),
      byReason: countBreakdown(r.byReason, r.total, REASON_CATEGORIES),
      byUrgency: countBreakdown(r.byUrgency, r.total, URGENCIES),
      byDisposition: countBreakdown(
        r.byDisposition,
        r.total,
        BASE_DISPOSITIONS.map((d) => d.code),
      ),
      byDiagnosis: countBreakdown(
        r.byDiagnosis,
        r.total,
        BASE_DIAGNOSIS_CATEGORIES.map((d) => d.code),
      ),
      completed: n(r.completed, r.total),
      expired: n(r.expired, r.total),
      cancelled: n(r.cancelled, r.total),
    },
    reach: {
      practicesEnrolled: n(r.practicesEnrolled),
      enrolledPracticeDays: r.enrolledPracticeDays,
      practicesServed: n(r.practicesServed, r.practicesEnrolled),
      providersEnrolled: n(r.providersEnrolled),
      providersServed: n(r.providersServed, r.providersEnrolled),
    },
    patients: {
      served: n(r.served),
      byAgeBand: countBreakdown(r.byAgeBand, r.served, AGE_BANDS),
      rural: n(r.rural, r.served),
      byLanguage: countBreakdown(r.byLanguage, r.served),
      interpreterUsed: n(r.interpreterUsed, r.served),
    },
    callback: {
      targetMinutes,
      measured: n(r.measured, r.total),
      medianMinutes: round1(r.medianMinutes),
      p90Minutes: round1(r.p90Minutes),
      withinTarget: n(r.withinTarget, r.measured),
    },
    trainings: {
      sessions: n(r.sessions),
      attendees: n(r.attendees, r.providersEnrolled),
      minutes: r.trainingMinutes,
      cmeCredits: Math.round(Number(r.cmeCredits) * 100) / 100,
    },
    feedback: {
      useful: n(r.useful, r.feedback),
      wouldHaveReferredOut: n(r.wouldHaveReferredOut, r.feedback),
    },
  };
}
