import { AppError } from '../errors';
import type { RefusalReason, Resource } from './access-policy';

/** One sentence per reason, whatever the resource or the route. */
export const REFUSAL_SENTENCES: Record<RefusalReason, string> = {
  other_program: 'This belongs to another program.',
  other_practice: 'This belongs to another practice.',
  not_offered_or_assigned: 'This consult was not offered or assigned to you.',
  no_consult_with_patient: 'You have no consult with this patient.',
  not_requesting_pcp:
    'Only the clinician who requested this consult can do this.',
  not_assigned: 'Only the psychiatrist assigned to this consult can do this.',
  not_a_consult_clinician:
    'Only the requesting clinician and the assigned psychiatrist can do this.',
  not_on_care_team: "You are not on this patient's care team.",
  not_treating_patient: 'You have no consult or episode with this patient.',
};

/**
 * The error code clients key on, one per resource (kept from the first
 * release: the client and its tests branch on these); the reason rides
 * along in `details.reason`.
 */
export const REFUSAL_CODES: Record<Resource, string> = {
  consult: 'forbidden_consult',
  patient: 'forbidden_patient',
  visit: 'forbidden_visit',
  call: 'not_a_participant',
  call_media: 'not_a_participant',
  report_authoring: 'not_assigned_psychiatrist',
  consult_time: 'not_consult_clinician',
  episode: 'forbidden_episode',
  episode_care: 'not_episode_clinician',
  econsult_thread: 'not_consult_clinician',
  registry: 'forbidden_registry',
  screening: 'forbidden_screening',
};

/** The 403 for a refused decision: `{error:{code, message, details:{reason}}}`. */
export function refusal(resource: Resource, reason: RefusalReason): AppError {
  return new AppError(
    'forbidden',
    REFUSAL_CODES[resource],
    REFUSAL_SENTENCES[reason],
    {
      reason,
    },
  );
}
