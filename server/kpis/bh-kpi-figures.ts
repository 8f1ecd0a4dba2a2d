import {
  answeredWithinTarget,
  engagedWithin14Days,
  type EpisodeFact,
  type HandoffFact,
  median,
} from '../episodes/bh-figures';
import { distinctFigure, figure, type Figure } from './kpi-figure';
import type { KpiPeriod } from './kpi-period';

/**
 * The KPI page's behavioral health sections (warm handoffs, engagement,
 * screening rate, symptom change). Pure: facts and the period in, figures
 * out; the rules for "within target" and "engaged" are bh-figures' own, so
 * the program page and the BH figures page cannot disagree.
 */

/** A warm handoff, named by its consult (the behavioral_health line). */
export type HandoffKpiFact = Omit<HandoffFact, 'practiceId'> & {
  consultId: string;
};

export type ReferralKpiFact = Pick<
  EpisodeFact,
  'referredAt' | 'firstSessionAt'
> & { episodeId: string };

/** A patient in care from..to (a consult: one instant; an open episode: to null). */
export interface CareSpanFact {
  patientId: string;
  fromMs: number;
  toMs: number | null;
}

/** A stored, scored assessment that no correction supersedes. */
export interface ScoreFact {
  patientId: string;
  instrument: string;
  answeredAtMs: number;
  total: number;
}

type Bounds = Pick<KpiPeriod, 'startMs' | 'endMs'>;
const within = (p: Bounds, t: number) => t >= p.startMs && t < p.endMs;
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Attempted (requested in the period), answered, answered within target and
 * the median minutes to answer (omitted when none was answered). Ids are
 * consult ids, by request time.
 */
export function warmHandoffFigures(
  handoffs: readonly HandoffKpiFact[],
  period: Bounds,
): Record<string, Figure> {
  const attempted = handoffs
    .filter((h) => within(period, h.requestedAt))
    .sort((a, b) => a.requestedAt - b.requestedAt);
  const answered = attempted.filter((h) => h.answeredAt !== null);
  const ids = (hs: readonly HandoffKpiFact[]) => hs.map((h) => h.consultId);
  const out: Record<string, Figure> = {
    attempted: distinctFigure(ids(attempted)),
    answered: distinctFigure(ids(answered), attempted.length),
    answeredWithinTarget: distinctFigure(
      ids(answered.filter(answeredWithinTarget)),
      answered.length,
    ),
  };
  const m = median(
    answered.map((h) => (h.answeredAt! - h.requestedAt) / 60_000),
  );
  if (m !== null)
    out.medianMinutesToAnswer = {
      numerator: round1(m),
      denominator: null,
      ids: ids(answered),
    };
  return out;
}

/**
 * Referrals (BH episodes referred in the period) and those whose first
 * session came within 14 days. Ids are episode ids, by referral time.
 */
export function engagementFigures(
  referrals: readonly ReferralKpiFact[],
  period: Bounds,
): Record<string, Figure> {
  const referred = referrals
    .filter((r) => within(period, r.referredAt))
    .sort((a, b) => a.referredAt - b.referredAt);
  const ids = referred.map((r) => r.episodeId);
  return {
    referrals: distinctFigure(ids),
    engagedWithin14Days: distinctFigure(
      referred.filter(engagedWithin14Days).map((r) => r.episodeId),
      referred.length,
    ),
  };
}

/**
 * Patients in care in the period (a consult in it, or a BH episode open at
 * some time in it) and, of them, those with an assessment answered in it.
 * Ids are patient ids.
 */
export function screeningFigures(
  care: readonly CareSpanFact[],
  scores: readonly ScoreFact[],
  period: Bounds,
): Record<string, Figure> {
  const inCare = figure(
    care
      .filter(
        (c) =>
          c.fromMs < period.endMs && (c.toMs ?? c.fromMs) >= period.startMs,
      )
      .map((c) => c.patientId),
  );
  const screened = new Set(
    scores
      .filter((s) => within(period, s.answeredAtMs))
      .map((s) => s.patientId),
  );
  return {
    patientsInCare: inCare,
    screened: figure(
      inCare.ids.filter((id) => screened.has(id)),
      inCare.numerator,
    ),
  };
}

/** The instruments whose change is reported: depression and anxiety. */
export const SYMPTOM_INSTRUMENTS = ['phq9', 'gad7'] as const;

/**
 * Per instrument: patients with two or more scores in the period whose first
 * is above 0 (measured), and of them those whose latest is at most half the
 * first (response: a fall of 50 % or more). Ids are patient ids.
 */
export function symptomChangeFigures(
  scores: readonly ScoreFact[],
  period: Bounds,
): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const instrument of SYMPTOM_INSTRUMENTS) {
    const byPatient = new Map<string, ScoreFact[]>();
    for (const s of scores)
      if (s.instrument === instrument && within(period, s.answeredAtMs))
        byPatient.set(s.patientId, [...(byPatient.get(s.patientId) ?? []), s]);
    const measured: string[] = [];
    const responded: string[] = [];
    for (const [patientId, ss] of byPatient) {
      if (ss.length < 2) continue;
      ss.sort((a, b) => a.answeredAtMs - b.answeredAtMs);
      const first = ss[0]!.total;
      const latest = ss[ss.length - 1]!.total;
      // A first score of 0 has nowhere to fall: no response to measure.
      if (first <= 0) continue;
      measured.push(patientId);
      if (latest <= first / 2) responded.push(patientId);
    }
    out[`${instrument}Measured`] = distinctFigure(measured);
    out[`${instrument}Response`] = distinctFigure(responded, measured.length);
  }
  return out;
}
