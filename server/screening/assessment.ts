import type {
  PositiveScreen,
  SafetyFlag,
  SubscaleScore,
} from './score-assessment';
import type { Respondent } from './instrument';
import { findInstrument } from './instruments';
import type { AssessmentJson } from '../../signaling/protocol/rest/assessments';

// The assessment's wire shape lives in the wire contract.
export {
  assessmentSchema,
  assessmentListSchema,
  newAssessmentSchema,
  type NewAssessment,
} from '../../signaling/protocol/rest/assessments';

/** A stored assessment: what was answered, by whom, and how it scored. */
export interface Assessment {
  id: string;
  patientId: string;
  instrument: string;
  version: string;
  answeredBy: Respondent;
  enteredBy: string | null;
  orderedBy: string;
  answeredAt: Date;
  recordedAt: Date;
  ageYears: number;
  ageOverrideReason: string | null;
  answers: (number | null)[];
  itemValues: (number | null)[];
  status: 'scored' | 'invalid';
  total: number | null;
  bandId: string | null;
  bandLabel: string | null;
  subscales: SubscaleScore[];
  positiveScreens: PositiveScreen[];
  flags: SafetyFlag[];
  invalidReason: string | null;
  supersedes: string | null;
  /** The correction that replaced this row, if any (read, not stored). */
  supersededBy: string | null;
  correctionReason: string | null;
}

/** Highest total the instrument can score (for charts and FHIR). */
export function maxTotalOf(instrumentId: string): number {
  const instrument = findInstrument(instrumentId);
  if (!instrument) return 0;
  return instrument.items.reduce(
    (sum, item) =>
      item.scored
        ? sum + Math.max(...item.answers.options.map((o) => o.value))
        : sum,
    0,
  );
}

export const assessmentToJson = (a: Assessment): AssessmentJson => ({
  id: a.id,
  patientId: a.patientId,
  instrument: a.instrument,
  instrumentName: findInstrument(a.instrument)?.name ?? a.instrument,
  version: a.version,
  answeredBy: a.answeredBy,
  enteredBy: a.enteredBy,
  orderedBy: a.orderedBy,
  answeredAt: a.answeredAt.toISOString(),
  recordedAt: a.recordedAt.toISOString(),
  ageYears: a.ageYears,
  ageOverrideReason: a.ageOverrideReason,
  answers: a.answers,
  itemValues: a.itemValues,
  status: a.status,
  total: a.total,
  maxTotal: maxTotalOf(a.instrument),
  band: a.bandId && a.bandLabel ? { id: a.bandId, label: a.bandLabel } : null,
  subscales: a.subscales,
  positiveScreens: a.positiveScreens,
  flags: a.flags,
  invalidReason: a.invalidReason,
  supersedes: a.supersedes,
  supersededBy: a.supersededBy,
  correctionReason: a.correctionReason,
});
