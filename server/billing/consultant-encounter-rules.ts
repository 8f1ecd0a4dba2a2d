import { addDays, daysBetween, localDate } from './calendar-days';
import type { ConsultBillingFacts, Reason } from './billing-facts';

/** The two 14-day rules around the consultant's own face-to-face care of the patient. */
export function encounterReasons(
  f: ConsultBillingFacts,
  dos: string,
): Reason[] {
  const r = f.rules.interprofessional;
  const requestDate = localDate(f.consult.requestedAt, f.timeZone);
  const mine = f.encounters.filter(
    (e) => e.clinicianId === f.consult.consultantId,
  );
  const out: Reason[] = [];
  const prior = mine.find(
    (e) =>
      e.kind === 'face_to_face' &&
      daysBetween(e.date, requestDate) >= 0 &&
      daysBetween(e.date, requestDate) <= r.priorFaceToFaceDays,
  );
  out.push(
    prior
      ? {
          rule: 'encounter.prior_face_to_face',
          outcome: 'blocked',
          message: `The consultant saw the patient face to face on ${prior.date}, within ${r.priorFaceToFaceDays} days before the request (${requestDate}).`,
          data: { encounterId: prior.id },
        }
      : {
          rule: 'encounter.prior_face_to_face',
          outcome: 'allowed',
          message: `The consultant did not see the patient face to face in the ${r.priorFaceToFaceDays} days before the request.`,
        },
  );
  const after = mine.find(
    (e) =>
      daysBetween(requestDate, e.date) > 0 &&
      daysBetween(dos, e.date) <= r.followUpWindowDays,
  );
  const windowEnds = addDays(dos, r.followUpWindowDays);
  const today = localDate(f.now, f.timeZone);
  if (after) {
    out.push({
      rule: 'encounter.follow_up',
      outcome: 'blocked',
      message: `A ${after.kind.replace(/_/g, ' ')} with the consultant on ${after.date} follows within ${r.followUpWindowDays} days: the consult is part of that care, not separately billable.`,
      data: { encounterId: after.id },
    });
  } else if (today <= windowEnds) {
    const advised = f.report?.directEvaluationAdvised
      ? ' The report advises a direct evaluation.'
      : '';
    out.push({
      rule: 'encounter.follow_up_window_open',
      outcome: r.holdDuringFollowUpWindow ? 'held' : 'info',
      message: `A transfer of care or face-to-face visit with the consultant until ${windowEnds} would make this line unbillable; ${r.holdDuringFollowUpWindow ? 'held' : 'flagged'} until then.${advised}`,
      data: { windowEnds },
    });
  } else {
    out.push({
      rule: 'encounter.follow_up',
      outcome: 'allowed',
      message: `No transfer of care or face-to-face visit with the consultant within ${r.followUpWindowDays} days (window ended ${windowEnds}).`,
    });
  }
  return out;
}
