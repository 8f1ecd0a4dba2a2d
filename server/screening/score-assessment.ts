import {
  type Answer,
  type AssessmentContext,
  checkAge,
  checkAnswers,
  checkRespondent,
  type ScreeningProblem,
} from './assessment-input';
import type { Band, Instrument, InstrumentItem } from './instrument';
import {
  findInstrument,
  INSTRUMENTS,
  type InstrumentRegistry,
  instrumentIds,
} from './instruments';

export type {
  Answer,
  AssessmentContext,
  ScreeningProblem,
} from './assessment-input';

/**
 * Scores an assessment from its item answers. Pure: the instrument table
 * and the answers in, a score or the reasons there is none out. A total a
 * client computed is never an input, so it can never be trusted by mistake.
 */

export interface SafetyFlag {
  itemId: string;
  /** Position of the item in the answers. */
  itemIndex: number;
  value: number;
  reason: string;
}

export interface SubscaleScore {
  id: string;
  title: string;
  score: number;
  max: number;
}

export interface PositiveScreen {
  id: string;
  label: string;
  scope: string;
  score: number;
  atLeast: number;
}

interface Scored {
  instrumentId: string;
  version: string;
  /** Positions of the items left blank. */
  blankItems: number[];
  /** Points per item after reverse scoring; null where blank. */
  itemValues: (number | null)[];
  /** Raised even when the form is invalid: a positive safety item is
   * never dropped because other items were left blank. */
  flags: SafetyFlag[];
  ageOverride: { reason: string } | null;
}

export interface ScoredAssessment extends Scored {
  ok: true;
  status: 'scored';
  total: number;
  subscales: SubscaleScore[];
  band: Band;
  positiveScreens: PositiveScreen[];
}

/** Answers accepted, but the instrument's own rule says they cannot be
 * scored (PSC-17 with 4 or more blanks). */
export interface InvalidAssessment extends Scored {
  ok: false;
  status: 'invalid';
  reason: string;
}

export interface RejectedAssessment {
  ok: false;
  status: 'rejected';
  problems: ScreeningProblem[];
  /** Safety items positive among the answers that were valid: a caller
   * refusing the form (wrong age, one bad item) can still act on them. */
  flags: SafetyFlag[];
  /** Set when the instrument id is unknown. */
  validInstrumentIds?: string[];
}

export type AssessmentResult =
  | ScoredAssessment
  | InvalidAssessment
  | RejectedAssessment;

/** Points an answer is worth: its printed position, reversed where the
 * first option scores highest. */
export function answerValue(item: InstrumentItem, position: number): number {
  const options = item.answers.options;
  const index = item.reverseScored ? options.length - 1 - position : position;
  const option = options[index];
  if (!option) throw new RangeError(`${item.id}: no option ${position}`);
  return option.value;
}

const itemValuesOf = (
  instrument: Instrument,
  answers: readonly Answer[],
): (number | null)[] =>
  instrument.items.map((item, i) => {
    const answer = answers[i];
    return answer === null || answer === undefined
      ? null
      : answerValue(item, answer);
  });

const maxValue = (item: InstrumentItem): number =>
  Math.max(...item.answers.options.map((o) => o.value));

function safetyFlags(
  instrument: Instrument,
  values: readonly (number | null)[],
): SafetyFlag[] {
  return instrument.safetyItems.flatMap((rule) => {
    const itemIndex = instrument.items.findIndex((i) => i.id === rule.itemId);
    const value = values[itemIndex];
    if (value === null || value === undefined || value < rule.atLeast) {
      return [];
    }
    return [{ itemId: rule.itemId, itemIndex, value, reason: rule.reason }];
  });
}

function subscaleScores(
  instrument: Instrument,
  values: readonly (number | null)[],
): SubscaleScore[] {
  const indexOf = new Map(instrument.items.map((item, i) => [item.id, i]));
  return instrument.subscales.map((subscale) => {
    let score = 0;
    let max = 0;
    for (const id of subscale.itemIds) {
      const index = indexOf.get(id) ?? -1;
      const item = instrument.items[index];
      if (!item) throw new RangeError(`${subscale.id}: no item ${id}`);
      score += values[index] ?? 0;
      max += maxValue(item);
    }
    return { id: subscale.id, title: subscale.title, score, max };
  });
}

function bandOf(instrument: Instrument, total: number): Band {
  const band = instrument.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${instrument.id}: no band for ${total}`);
  return band;
}

function positiveScreens(
  instrument: Instrument,
  total: number,
  subscales: readonly SubscaleScore[],
): PositiveScreen[] {
  return instrument.positiveScreens.flatMap((rule) => {
    const score =
      rule.scope === 'total'
        ? total
        : subscales.find((s) => s.id === rule.scope)?.score;
    if (score === undefined) {
      throw new RangeError(`${instrument.id}: no subscale ${rule.scope}`);
    }
    if (score < rule.atLeast) return [];
    const { id, label, scope, atLeast } = rule;
    return [{ id, label, scope, score, atLeast }];
  });
}

function blankRuleFailure(
  instrument: Instrument,
  blankItems: readonly number[],
): string | null {
  const rule = instrument.blanks;
  if (rule.kind !== 'score-as-zero' || blankItems.length < rule.invalidAt) {
    return null;
  }
  return (
    `${blankItems.length} of ${instrument.items.length} items are blank; ` +
    `a ${instrument.name} with ${rule.invalidAt} or more blank items is ` +
    'invalid and is not scored'
  );
}

function score(
  instrument: Instrument,
  answers: readonly Answer[],
  ageOverride: { reason: string } | null,
): ScoredAssessment | InvalidAssessment {
  const itemValues = itemValuesOf(instrument, answers);
  const blankItems = itemValues.flatMap((v, i) => (v === null ? [i] : []));
  const common: Scored = {
    instrumentId: instrument.id,
    version: instrument.version,
    blankItems,
    itemValues,
    flags: safetyFlags(instrument, itemValues),
    ageOverride,
  };
  const scoredBlanks = blankItems.filter((i) => instrument.items[i]?.scored);
  const reason = blankRuleFailure(instrument, scoredBlanks);
  if (reason) return { ok: false, status: 'invalid', reason, ...common };
  const total = instrument.items.reduce(
    (sum, item, i) => sum + (item.scored ? (itemValues[i] ?? 0) : 0),
    0,
  );
  const subscales = subscaleScores(instrument, itemValues);
  return {
    ok: true,
    status: 'scored',
    ...common,
    total,
    subscales,
    band: bandOf(instrument, total),
    positiveScreens: positiveScreens(instrument, total, subscales),
  };
}

/**
 * Validates and scores one assessment of the instrument named by
 * `instrumentId`. `answers` is what the caller sent, checked here: one
 * option position (0-based) or null per item.
 */
export function scoreAssessment(
  instrumentId: string,
  answers: unknown,
  context: AssessmentContext,
  registry: InstrumentRegistry = INSTRUMENTS,
): AssessmentResult {
  const instrument = findInstrument(instrumentId, registry);
  if (!instrument) {
    const validInstrumentIds = instrumentIds(registry);
    const message =
      `unknown instrument '${instrumentId}'; valid: ` +
      validInstrumentIds.join(', ');
    return {
      ok: false,
      status: 'rejected',
      problems: [{ code: 'unknown_instrument', field: 'instrument', message }],
      flags: [],
      validInstrumentIds,
    };
  }
  const age = checkAge(instrument, context);
  const checked = checkAnswers(instrument, answers);
  const problems = [
    ...checkRespondent(instrument, context.answeredBy),
    ...age.problems,
    ...checked.problems,
  ];
  if (problems.length === 0) {
    return score(instrument, checked.answers, age.override);
  }
  const values = itemValuesOf(instrument, checked.answers);
  const flags = safetyFlags(instrument, values);
  return { ok: false, status: 'rejected', problems, flags };
}
