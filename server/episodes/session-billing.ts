import { localDate } from '../billing/calendar-days';

/**
 * Whether a behavioral health session's time can be billed, and why not.
 * A session is logged as care-management time; it counts toward a monthly
 * code only while the patient is enrolled in collaborative care (CoCM
 * minutes) or general BHI (99484 minutes). Pure: enrollments and the
 * program's time zone are passed in.
 */
export interface EnrollmentSpan {
  kind: 'cocm' | 'bhi';
  startDate: string;
  endDate: string | null;
}

export type SessionBilling =
  | { billable: true; basis: 'cocm_minutes' | 'bhi_minutes'; reason: string }
  | { billable: false; basis: null; reason: string };

export function sessionBilling(
  session: { heldAt: Date; minutes: number },
  enrollments: readonly EnrollmentSpan[],
  timeZone: string,
): SessionBilling {
  const day = localDate(session.heldAt.getTime(), timeZone);
  const month = day.slice(0, 7);
  const active = (kind: EnrollmentSpan['kind']) =>
    enrollments.some(
      (e) =>
        e.kind === kind &&
        e.startDate <= day &&
        (e.endDate === null || e.endDate >= day),
    );
  if (active('cocm'))
    return {
      billable: true,
      basis: 'cocm_minutes',
      reason: `${session.minutes} min count toward collaborative care minutes (99492/99493/99494) for ${month}.`,
    };
  if (active('bhi'))
    return {
      billable: true,
      basis: 'bhi_minutes',
      reason: `${session.minutes} min count toward general BHI minutes (99484, 20 min in the month) for ${month}.`,
    };
  return {
    billable: false,
    basis: null,
    reason:
      `Not billable: the patient was not enrolled in collaborative care or BHI on ${day}. ` +
      'The time is in the ledger; enroll the patient (with consent) for later sessions to count.',
  };
}
