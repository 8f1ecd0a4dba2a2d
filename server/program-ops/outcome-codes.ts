import type { FieldProblem } from '../errors';
import {
  BASE_DIAGNOSIS_CATEGORIES,
  BASE_DISPOSITIONS,
  outcomeExtensionsSchema,
  type CodedEntry,
  type OutcomeCodes,
  type OutcomeExtensions,
} from '../../signaling/protocol/rest/outcomes';

export {
  BASE_DIAGNOSIS_CATEGORIES,
  BASE_DISPOSITIONS,
  type OutcomeCodes,
  type OutcomeExtensions,
};

/** Where a program's additions live in programs.settings. */
export const OUTCOME_SETTINGS_KEY = 'outcomeCodes';

/** A stored document that no longer parses adds nothing (the base lists still work). */
export function parseExtensions(stored: unknown): OutcomeExtensions {
  const parsed = outcomeExtensionsSchema.safeParse(stored ?? {});
  return parsed.success
    ? parsed.data
    : { dispositions: [], diagnosisCategories: [] };
}

/** Base entries first, then the program's own. */
export function outcomeCodesOf(ext: OutcomeExtensions): OutcomeCodes {
  return {
    dispositions: [...BASE_DISPOSITIONS, ...ext.dispositions],
    diagnosisCategories: [
      ...BASE_DIAGNOSIS_CATEGORIES,
      ...ext.diagnosisCategories,
    ],
  };
}

/** An addition may not reuse a code already in its list (base or its own). */
export function extensionProblems(ext: OutcomeExtensions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (
    field: string,
    base: readonly CodedEntry[],
    added: CodedEntry[],
  ) => {
    const seen = new Set(base.map((e) => e.code));
    added.forEach((e, i) => {
      if (seen.has(e.code))
        problems.push({
          field: `${field}.${i}.code`,
          message: `${e.code} is already in the list`,
        });
      seen.add(e.code);
    });
  };
  check('dispositions', BASE_DISPOSITIONS, ext.dispositions);
  check(
    'diagnosisCategories',
    BASE_DIAGNOSIS_CATEGORIES,
    ext.diagnosisCategories,
  );
  return problems;
}

/** A report's outcome codes must be in the program's lists. */
export function outcomeProblems(
  codes: OutcomeCodes,
  o: { disposition: string | null; diagnosisCategories: readonly string[] },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const dispositions = new Set(codes.dispositions.map((e) => e.code));
  const categories = new Set(codes.diagnosisCategories.map((e) => e.code));
  if (o.disposition !== null && !dispositions.has(o.disposition))
    problems.push({
      field: 'disposition',
      message: "is not in the program's list",
    });
  o.diagnosisCategories.forEach((c, i) => {
    if (!categories.has(c))
      problems.push({
        field: `diagnosisCategories.${i}`,
        message: "is not in the program's list",
      });
  });
  return problems;
}
