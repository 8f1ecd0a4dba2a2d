/**
 * Report-writing minutes suggested from the time a clinician spent working
 * in an editor. Pure: the screen records when the person typed or focused
 * the editor, and these functions turn those instants into minutes. A pause
 * longer than `idleMs` is not counted (the person was doing something else);
 * each burst of work counts at least `minBurstMs` (reading what one wrote).
 * The clinician confirms the suggestion before anything is logged.
 */

export interface EditorTimeRules {
  /** A gap longer than this between two activity marks is a break. */
  idleMs: number;
  /** Time credited after the last mark of a burst. */
  minBurstMs: number;
}

export const EDITOR_TIME_RULES: EditorTimeRules = {
  idleMs: 2 * 60_000,
  minBurstMs: 30_000,
};

/** Active milliseconds in a list of activity instants (epoch ms, any order). */
export function activeEditorMs(
  marks: readonly number[],
  rules: EditorTimeRules = EDITOR_TIME_RULES,
): number {
  if (!marks.length) return 0;
  const t = [...marks].sort((a, b) => a - b);
  let total = 0;
  for (let i = 1; i < t.length; i++) {
    const gap = t[i]! - t[i - 1]!;
    total += gap <= rules.idleMs ? gap : rules.minBurstMs;
  }
  return total + rules.minBurstMs;
}

/**
 * Whole minutes to suggest logging as report writing: the active editor
 * time, less what is already logged for it. 0 means nothing to suggest.
 */
export function suggestedReportMinutes(
  marks: readonly number[],
  alreadyLoggedMinutes: number,
  rules: EditorTimeRules = EDITOR_TIME_RULES,
): number {
  const minutes = Math.round(activeEditorMs(marks, rules) / 60_000);
  return Math.max(0, minutes - Math.max(0, alreadyLoggedMinutes));
}
