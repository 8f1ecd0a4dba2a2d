/**
 * A validated rating scale described as plain data. The scoring function
 * (score-assessment.ts) reads only this shape, so adding an instrument is
 * adding a data file and its table test, never a new branch in the scorer.
 *
 * Published wording is carried only where we are sure of the exact text and
 * its terms allow reproducing it for patient self-report; otherwise an item
 * has only a short `clinicianLabel` (item number and what it is about) and
 * the clinician enters answers from the paper form.
 */

export type Language = 'en' | 'es';

/** Who filled in the answers: the patient, a parent or guardian, or a
 * clinician entering them on the respondent's behalf (interview, paper). */
export type Respondent = 'patient' | 'guardian' | 'clinician';
export const RESPONDENTS: readonly Respondent[] = [
  'patient',
  'guardian',
  'clinician',
];

/** Text in the languages we hold the exact published wording for. */
export type LocalizedText = Partial<Record<Language, string>>;

export interface AnswerOption {
  /** Points this option scores when the item is not reverse scored. */
  value: number;
  /** Published option wording; absent when the instrument is not reproduced. */
  text?: LocalizedText;
}

/**
 * The choices of an item in the order printed on the form. An answer is the
 * 0-based position of the chosen option, so a client sends what the
 * respondent ticked and the server decides what it is worth.
 */
export interface AnswerOptionSet {
  id: string;
  options: readonly AnswerOption[];
}

export interface InstrumentItem {
  /** Stable id used in subscales, safety items and stored answers. */
  id: string;
  /** Item number and topic for the clinician's entry screen; never the
   * published wording, so it is safe for every instrument. */
  clinicianLabel: string;
  /** Published wording; present only when `selfReportAllowed`. */
  text?: LocalizedText;
  answers: AnswerOptionSet;
  /** Counted in the total. PHQ-A's extra questions and the PHQ difficulty
   * question are asked but not summed. */
  scored: boolean;
  /** May be left blank without making the assessment incomplete. */
  optional?: boolean;
  /** The first printed option scores highest (EPDS items 3 and 5-10). */
  reverseScored?: boolean;
  loinc?: string;
}

export interface Subscale {
  id: string;
  title: string;
  itemIds: readonly string[];
}

/** A named range of the total, inclusive at both ends. */
export interface Band {
  id: string;
  label: string;
  min: number;
  max: number;
}

/** A cut point: the total or a subscale at or above `atLeast` is positive. */
export interface PositiveScreenRule {
  id: string;
  label: string;
  /** 'total' or a subscale id. */
  scope: string;
  atLeast: number;
}

/** An item whose answer must never be stored silently: a value at or above
 * `atLeast` raises a safety flag carrying `reason`. */
export interface SafetyItemRule {
  itemId: string;
  atLeast: number;
  reason: string;
}

/**
 * What a blank answer (`null`) means. `required`: every item not marked
 * optional must be answered. `score-as-zero`: blanks count 0, but at
 * `invalidAt` blank items or more the form is invalid and gets no score
 * (the PSC-17 rule).
 */
export type BlankRule =
  | { kind: 'required' }
  | { kind: 'score-as-zero'; invalidAt: number };

/** The ages (completed years, inclusive) the instrument is meant for. */
export interface AgeRange {
  min: number;
  max?: number;
  /** Where the range comes from; programs may correct it. */
  basis: string;
}

export interface Instrument {
  id: string;
  /** Version of this definition; a stored assessment keeps the version it
   * was scored with. */
  version: string;
  /** Short name used in sentences ("PHQ-9"). */
  name: string;
  title: string;
  /** Languages every item's `text` is present in; empty when the wording
   * is not reproduced. */
  languages: readonly Language[];
  /** The question the items answer ("Over the last 2 weeks..."). */
  stem?: LocalizedText;
  items: readonly InstrumentItem[];
  subscales: readonly Subscale[];
  /** Cover the whole range of the total without gaps or overlaps. */
  bands: readonly Band[];
  positiveScreens: readonly PositiveScreenRule[];
  safetyItems: readonly SafetyItemRule[];
  respondents: readonly Respondent[];
  /** Absent: meant for any age (e.g. EPDS, which is about the perinatal
   * period rather than an age). */
  ages?: AgeRange;
  blanks: BlankRule;
  /** Where the items, scoring and cut points come from. */
  source: string;
  /** What the copyright holder allows, as far as we know it. */
  terms: string;
  /** Per language carried: what the wording was checked against, and
   * when. A language absent here is not carried (docs/screening.md). */
  wording?: Partial<Record<Language, string>>;
  /** May be sent to a patient or guardian by link. Only with `languages`
   * non-empty, since a self-report form needs the published wording. */
  selfReportAllowed: boolean;
  /** LOINC code of the total score, for the FHIR Observation. */
  loinc?: string;
}
