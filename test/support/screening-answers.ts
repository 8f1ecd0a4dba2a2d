import { problemText } from '../../server/screening/assessment-input';
import type {
  AssessmentResult,
  InvalidAssessment,
  RejectedAssessment,
  ScoredAssessment,
} from '../../server/screening/score-assessment';

/**
 * `count` answers of at most `max` each that add up to `total`, filled
 * from the first item: the table tests name a total and this builds a form
 * reaching it, so the scorer's sum is checked rather than assumed.
 */
export function answersSumming(
  count: number,
  total: number,
  max: number,
): number[] {
  if (total < 0 || total > count * max) {
    throw new RangeError(`${total} is not reachable with ${count}x${max}`);
  }
  let left = total;
  return Array.from({ length: count }, () => {
    const answer = Math.min(max, left);
    left -= answer;
    return answer;
  });
}

/** The scored result, or a test failure naming what came back instead. */
export function scored(result: AssessmentResult): ScoredAssessment {
  if (result.status !== 'scored') {
    throw new Error(`expected a score, got ${JSON.stringify(result)}`);
  }
  return result;
}

export function invalid(result: AssessmentResult): InvalidAssessment {
  if (result.status !== 'invalid') {
    throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
  }
  return result;
}

export function rejected(result: AssessmentResult): RejectedAssessment {
  if (result.status !== 'rejected') {
    throw new Error(`expected rejected, got ${JSON.stringify(result)}`);
  }
  return result;
}

/** The problems as the sentences a caller reads: "items[4]: must be 0-3". */
export const problemTexts = (result: AssessmentResult): string[] =>
  rejected(result).problems.map(problemText);
