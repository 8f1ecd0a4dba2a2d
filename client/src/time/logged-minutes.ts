import type { TimeSummary } from '../api/billing-api';

type Entry = TimeSummary['entries'][number];

const minutesOf = (e: Entry) =>
  e.minutes ??
  (e.endedAt ? (Date.parse(e.endedAt) - Date.parse(e.startedAt)) / 60_000 : 0);

/** Minutes a clinician logged by hand for one activity, corrections applied. */
export function loggedMinutes(
  entries: readonly Entry[],
  clinicianId: string,
  activity: string,
): number {
  return entries
    .filter(
      (e) =>
        e.activity === activity &&
        e.clinicianId === clinicianId &&
        !e.supersededBy &&
        !e.voids,
    )
    .reduce((a, e) => a + minutesOf(e), 0);
}
