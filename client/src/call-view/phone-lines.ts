import type { VisitView } from '../api/visits-api';

type PhoneLeg = VisitView['phoneLegs'][number];

/** A dial-out leg not yet answered. */
const NOT_ANSWERED = new Set(['queued', 'initiated', 'ringing']);
/** A dial-in caller who typed the code (and maybe entered the conference). */
const CALLER_IN = new Set(['code_accepted', 'conference_join']);

/**
 * What the visit's phone lines mean to the clinician. Dial-in callers wait on
 * hold until an answered dial-out (the clinician's own phone, or an invitee's)
 * starts the conference.
 */
export function phoneLines(legs: readonly PhoneLeg[]): {
  callersOnHold: number;
  clinicianPhoneUp: boolean;
  ringing: Set<string>;
} {
  const answered = legs.filter(
    (l) => l.direction === 'dial_out' && !NOT_ANSWERED.has(l.status),
  );
  const callersOnHold = answered.length
    ? 0
    : legs.filter((l) => l.direction === 'dial_in' && CALLER_IN.has(l.status))
        .length;
  const ringing = new Set(
    legs
      .filter(
        (l) =>
          l.direction === 'dial_out' &&
          l.participantId &&
          NOT_ANSWERED.has(l.status),
      )
      .map((l) => l.participantId!),
  );
  return {
    callersOnHold,
    clinicianPhoneUp: answered.some((l) => l.participantId === null),
    ringing,
  };
}
