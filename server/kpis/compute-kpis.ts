import { addDays, localMidnight } from '../billing/calendar-days';
import {
  BASE_DISPOSITIONS,
  BASE_DIAGNOSIS_CATEGORIES,
} from '../../signaling/protocol/rest/outcomes';
import {
  REQUESTABLE_CONSULT_TYPES,
  REASON_CATEGORIES,
  URGENCIES,
} from '../../signaling/protocol/rest/consults';
import {
  breakdown,
  distinctFigure,
  figure,
  percentile,
  type Figure,
} from './kpi-figure';
import type { KpiConsult, KpiFacts, KpiPractice } from './kpi-facts';
import { localDayIn, overlapDays, type KpiPeriod } from './kpi-period';

/** Age bands of patients served, in whole years at their first consult in the period. */
export const AGE_BANDS = ['0-5', '6-11', '12-17', '18-21', '22+'] as const;

export function ageBand(birthDate: string, onDate: string): string {
  const [by, bm, bd] = birthDate.split('-').map(Number) as number[];
  const [y, m, d] = onDate.split('-').map(Number) as number[];
  const age = y! - by! - (m! < bm! || (m === bm && d! < bd!) ? 1 : 0);
  if (age <= 5) return '0-5';
  if (age <= 11) return '6-11';
  if (age <= 17) return '12-17';
  if (age <= 21) return '18-21';
  return '22+';
}

const OPEN_END = '9999-12-31';
const enrolment = (p: KpiPractice) => ({
  from: p.enrolledOn,
  to: p.withdrawnOn ?? OPEN_END,
});

/** The figures of one period. Pure: facts and period in, numbers with their ids out. */
export function computeKpis(facts: KpiFacts, period: KpiPeriod) {
  const tz = period.timeZone;
  const span = { from: period.from, to: period.to };
  const practices = new Map(facts.practices.map((p) => [p.id, p]));
  const patients = new Map(facts.patients.map((p) => [p.id, p]));
  const dayOf = localDayIn(period);
  const day = (c: KpiConsult) => dayOf(c.createdAtMs);
  // Each practice's enrolled instants: local midnight of its first day to the one after its last.
  const enrolledMs = new Map(
    facts.practices.map((p) => [
      p.id,
      [
        localMidnight(p.enrolledOn, tz),
        p.withdrawnOn
          ? localMidnight(addDays(p.withdrawnOn, 1), tz)
          : Number.POSITIVE_INFINITY,
      ] as const,
    ]),
  );
  // A consult counts when made in the period on a day its practice was
  // enrolled. Sorted by time (then id): every id list below is in this order.
  const consults = facts.consults
    .filter((c) => {
      const enrolled = enrolledMs.get(c.practiceId);
      const t = c.createdAtMs;
      return (
        t >= period.startMs &&
        t < period.endMs &&
        !!enrolled &&
        t >= enrolled[0] &&
        t < enrolled[1]
      );
    })
    .sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
  const total = consults.length;
  const ids = (list: readonly KpiConsult[]) => list.map((c) => c.id);

  const enrolledPractices = facts.practices
    .filter((p) => overlapDays(enrolment(p), span) > 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const enrolledIds = new Set(enrolledPractices.map((p) => p.id));
  const enrolledProviders = facts.providers
    .filter((u) => enrolledIds.has(u.practiceId))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  // Each patient once, described at their first consult in the period.
  const firstByPatient = new Map<string, KpiConsult>();
  for (const c of consults)
    if (!firstByPatient.has(c.patientId)) firstByPatient.set(c.patientId, c);
  const served = [...firstByPatient.keys()];
  const servedCount = served.length;
  const ruralPatients = served.filter(
    (id) => practices.get(firstByPatient.get(id)!.practiceId)?.rural,
  );
  const interpreterPatients = new Set(
    consults.filter((c) => c.interpreterUsed).map((c) => c.patientId),
  );

  const measured = consults.filter((c) => c.callbackAtMs !== null);
  const minutesOf = (c: KpiConsult) =>
    (c.callbackAtMs! - c.createdAtMs) / 60_000;
  const minutes = measured.map(minutesOf).sort((a, b) => a - b);
  const round1 = (v: number | null) =>
    v === null ? null : Math.round(v * 10) / 10;

  const counted = new Set(ids(consults));
  const feedback = facts.feedback
    .filter((f) => counted.has(f.consultId))
    .sort((a, b) => (a.consultId < b.consultId ? -1 : 1));
  const trainings = [...facts.trainings].sort(
    (a, b) => a.heldOn.localeCompare(b.heldOn) || (a.id < b.id ? -1 : 1),
  );
  const trainingAttendees = trainings.flatMap((t) => [...t.attendeeIds].sort());

  return {
    period: {
      from: period.from,
      to: period.to,
      timeZone: tz,
      days: period.days,
    },
    consults: {
      total: distinctFigure(ids(consults)),
      byType: breakdown(
        consults.map((c) => [c.consultType, c.id]),
        total,
        // Psychiatry consult types: warm handoffs have their own section.
        REQUESTABLE_CONSULT_TYPES,
        true,
      ),
      byReason: breakdown(
        consults.flatMap((c) =>
          c.reasonCategories.map((r) => [r, c.id] as [string, string]),
        ),
        total,
        REASON_CATEGORIES,
      ),
      byUrgency: breakdown(
        consults.map((c) => [c.urgency, c.id]),
        total,
        URGENCIES,
        true,
      ),
      byDisposition: breakdown(
        consults
          .filter((c) => c.disposition)
          .map((c) => [c.disposition!, c.id]),
        total,
        BASE_DISPOSITIONS.map((d) => d.code),
        true,
      ),
      byDiagnosis: breakdown(
        consults.flatMap((c) =>
          c.diagnosisCategories.map((d) => [d, c.id] as [string, string]),
        ),
        total,
        BASE_DIAGNOSIS_CATEGORIES.map((d) => d.code),
      ),
      completed: distinctFigure(
        ids(consults.filter((c) => c.status === 'completed')),
        total,
      ),
      expired: distinctFigure(
        ids(consults.filter((c) => c.status === 'expired')),
        total,
      ),
      cancelled: distinctFigure(
        ids(consults.filter((c) => c.status === 'cancelled')),
        total,
      ),
    },
    reach: {
      practicesEnrolled: figure(enrolledIds),
      enrolledPracticeDays: enrolledPractices.reduce(
        (n, p) => n + overlapDays(enrolment(p), span),
        0,
      ),
      practicesServed: figure(
        consults.map((c) => c.practiceId),
        enrolledIds.size,
      ),
      providersEnrolled: figure(enrolledProviders.map((u) => u.id)),
      providersServed: figure(
        consults.map((c) => c.providerId),
        enrolledProviders.length,
      ),
    },
    patients: {
      served: distinctFigure(served),
      byAgeBand: breakdown(
        served.map((id) => {
          const p = patients.get(id);
          const band = p
            ? ageBand(p.birthDate, day(firstByPatient.get(id)!))
            : 'unknown';
          return [band, id];
        }),
        servedCount,
        AGE_BANDS,
        true,
      ),
      rural: distinctFigure(ruralPatients, servedCount),
      byLanguage: breakdown(
        served.map((id) => [patients.get(id)?.language ?? 'unknown', id]),
        servedCount,
      ),
      interpreterUsed: figure(interpreterPatients, servedCount),
    },
    callback: {
      targetMinutes: facts.targetMinutes,
      measured: distinctFigure(ids(measured), total),
      medianMinutes: round1(percentile(minutes, 50)),
      p90Minutes: round1(percentile(minutes, 90)),
      withinTarget: distinctFigure(
        ids(measured.filter((c) => minutesOf(c) <= facts.targetMinutes)),
        measured.length,
      ),
    },
    trainings: {
      sessions: figure(trainings.map((t) => t.id)),
      attendees: figure(trainingAttendees, enrolledProviders.length),
      minutes: facts.trainings.reduce((n, t) => n + t.minutes, 0),
      cmeCredits:
        Math.round(
          facts.trainings.reduce((n, t) => n + t.cmeCredits, 0) * 100,
        ) / 100,
    },
    feedback: {
      useful: figure(
        feedback.filter((f) => f.useful).map((f) => f.consultId),
        feedback.length,
      ),
      wouldHaveReferredOut: figure(
        feedback.filter((f) => f.wouldHaveReferredOut).map((f) => f.consultId),
        feedback.length,
      ),
    },
  };
}

export type Kpis = ReturnType<typeof computeKpis>;
export type { Figure };
