import type { FieldProblem } from '../errors';
import type { Instrument, InstrumentItem, Respondent } from './instrument';
import { RESPONDENTS } from './instrument';

/**
 * Checks what a caller sends with an assessment before anything is scored:
 * who answered, the patient's age, and one answer per item. Every problem
 * is returned at once, each naming its field, so a form can mark them all.
 */

export type ScreeningProblemCode =
  | 'unknown_instrument'
  | 'respondent_invalid'
  | 'respondent_not_allowed'
  | 'age_invalid'
  | 'age_out_of_range'
  | 'override_reason_missing'
  | 'items_not_array'
  | 'item_count'
  | 'answer_out_of_range'
  | 'answer_required';

export interface ScreeningProblem extends FieldProblem {
  code: ScreeningProblemCode;
}

/** "items[4]: must be 0-3", the sentence a log line or a test reads. */
export const problemText = (p: FieldProblem): string =>
  `${p.field}: ${p.message}`;

export interface AssessmentContext {
  /** Completed years on the day the instrument was answered. */
  ageYears: number;
  answeredBy: Respondent;
  /** A clinician's explicit decision to use the instrument outside the
   * ages it is meant for; the reason is stored with the assessment. */
  clinicianOverride?: { reason: string };
}

/** An answer: the 0-based position of the chosen option, or null (blank). */
export type Answer = number | null;

const MAX_AGE = 130;

const problem = (
  code: ScreeningProblemCode,
  field: string,
  message: string,
): ScreeningProblem => ({ code, field, message });

const and = (names: readonly string[]): string =>
  names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

export function checkRespondent(
  instrument: Instrument,
  answeredBy: unknown,
): ScreeningProblem[] {
  if (!RESPONDENTS.includes(answeredBy as Respondent)) {
    return [
      problem(
        'respondent_invalid',
        'answeredBy',
        `must be ${and(RESPONDENTS)}`,
      ),
    ];
  }
  if (instrument.respondents.includes(answeredBy as Respondent)) return [];
  return [
    problem(
      'respondent_not_allowed',
      'answeredBy',
      `${instrument.name} is answered by ${and(instrument.respondents)}, ` +
        `not ${answeredBy}`,
    ),
  ];
}

const ageText = (instrument: Instrument): string => {
  const ages = instrument.ages;
  if (!ages) return 'any age';
  return ages.max === undefined
    ? `ages ${ages.min} and over`
    : `ages ${ages.min}-${ages.max}`;
};

/** The override actually used, or problems. An override sent for a patient
 * within range is ignored, so nothing records a needless exception. */
export function checkAge(
  instrument: Instrument,
  context: AssessmentContext,
): { problems: ScreeningProblem[]; override: { reason: string } | null } {
  const age = context.ageYears;
  if (!Number.isInteger(age) || age < 0 || age > MAX_AGE) {
    const message = `must be a whole number of years from 0 to ${MAX_AGE}`;
    return {
      problems: [problem('age_invalid', 'ageYears', message)],
      override: null,
    };
  }
  const ages = instrument.ages;
  const inRange =
    !ages || (age >= ages.min && (ages.max === undefined || age <= ages.max));
  if (inRange) return { problems: [], override: null };
  const override = context.clinicianOverride;
  if (override === undefined) {
    const message =
      `${instrument.name} is meant for ${ageText(instrument)}, not ` +
      `${age}; a clinician override with a reason is needed`;
    return {
      problems: [problem('age_out_of_range', 'ageYears', message)],
      override: null,
    };
  }
  const reason =
    typeof override?.reason === 'string' ? override.reason.trim() : '';
  if (!reason) {
    const ages = ageText(instrument);
    const message = `must say why ${instrument.name} is given outside ${ages}`;
    return {
      problems: [
        problem('override_reason_missing', 'clinicianOverride.reason', message),
      ],
      override: null,
    };
  }
  return { problems: [], override: { reason } };
}

/** How many answers a caller may send: trailing optional items (the PHQ
 * difficulty question) may be left off. */
export function answerCountRange(instrument: Instrument): {
  min: number;
  max: number;
} {
  const { items } = instrument;
  let min = items.length;
  while (min > 0 && items[min - 1]?.optional) min -= 1;
  return { min, max: items.length };
}

const blankAllowed = (instrument: Instrument, item: InstrumentItem) =>
  item.optional === true || instrument.blanks.kind === 'score-as-zero';

function checkAnswer(
  instrument: Instrument,
  item: InstrumentItem,
  index: number,
  answer: unknown,
): ScreeningProblem | null {
  const last = item.answers.options.length - 1;
  const range = `must be 0-${last}`;
  const field = `items[${index}]`;
  if (answer === null || answer === undefined) {
    return blankAllowed(instrument, item)
      ? null
      : problem('answer_required', field, `${range}, not blank`);
  }
  const valid =
    typeof answer === 'number' &&
    Number.isInteger(answer) &&
    answer >= 0 &&
    answer <= last;
  return valid ? null : problem('answer_out_of_range', field, range);
}

/** The answers as positions, one per item (null for blank or refused),
 * and the problems found. */
export function checkAnswers(
  instrument: Instrument,
  answers: unknown,
): { problems: ScreeningProblem[]; answers: Answer[] } {
  if (!Array.isArray(answers)) {
    const message = 'must be an array of answers (option positions)';
    return {
      problems: [problem('items_not_array', 'items', message)],
      answers: [],
    };
  }
  const { min, max } = answerCountRange(instrument);
  if (answers.length < min || answers.length > max) {
    const expected =
      min === max
        ? `${min}`
        : max === min + 1
          ? `${min} or ${max}`
          : `${min} to ${max}`;
    const message = `expected ${expected} answers, got ${answers.length}`;
    return {
      problems: [problem('item_count', 'items', message)],
      answers: [],
    };
  }
  const problems: ScreeningProblem[] = [];
  const checked: Answer[] = instrument.items.map((item, index) => {
    const answer: unknown = answers[index];
    const found = checkAnswer(instrument, item, index, answer);
    if (found) problems.push(found);
    return found || typeof answer !== 'number' ? null : answer;
  });
  return { problems, answers: checked };
}
