import type { Visitor } from '../../signaling/socket-identity';
import type { Queryable } from '../db/database';
import { AppError } from '../errors';
import { consentKindsOffered } from './consent-offer';
import {
  consentText,
  type ShownConsentText,
  type VisitLanguage,
} from './consent-texts';
import type { Participant, Visit } from './visit';
import type { CheckInWork } from './visit-check-in-deps';
import { findVisitConsult } from './visit-consult';
import { ownState, patientIsMinor, publishVisitWith } from './visit-lobby';
import { findParticipant, listParticipants } from './participant-repository';
import { findVisit } from './visit-repository';
import { listConsents } from './visit-consent-repository';

/** A visitor's own visit, participant row, consult and consents, and what they see. */
export async function loadOwnVisit(
  w: CheckInWork,
  visitId: string,
  participantId: string,
  tx: Queryable = w.db,
) {
  const visit = (await findVisit(tx, visitId))!;
  const participant = (await findParticipant(tx, participantId))!;
  const consult = (await findVisitConsult(tx, visit.consultId))!;
  const consents = await listConsents(tx, visitId);
  const minor = patientIsMinor(consult.patient.birthDate, w.clock.now());
  return {
    visit,
    participant,
    consult,
    consents,
    minor,
    state: ownState(visit, participant, consents, minor, w.dialIn),
  };
}

/** Pushes the visit's fresh lobby to the clinician and everyone in it. */
export async function republishVisit(
  w: CheckInWork,
  visit: Visit,
): Promise<void> {
  const consult = (await findVisitConsult(w.db, visit.consultId))!;
  await publishVisitWith(
    w,
    (await findVisit(w.db, visit.id))!,
    consult.patient.birthDate,
    w.clock.now(),
  );
}

/** The consent texts this person is asked to agree to, in their language. */
export async function offeredConsentTexts(
  w: CheckInWork,
  v: Visitor,
  language: VisitLanguage,
): Promise<ShownConsentText[]> {
  const { participant, minor, consents } = await loadOwnVisit(
    w,
    v.visitId,
    v.participantId,
  );
  const others = await listParticipants(w.db, v.visitId);
  const kinds = consentKindsOffered({
    role: participant.role,
    patientIsMinor: minor,
    guardianInvited: others.some(
      (p) => p.role === 'guardian' && p.state !== 'removed',
    ),
    guardianConsented: consents.some((c) => c.kind === 'guardian_for_minor'),
  });
  return kinds.map((k) => consentText(k, language));
}

export function requireCheckingIn(p: Participant): void {
  if (p.state === 'removed')
    throw new AppError(
      'forbidden',
      'participant_removed',
      'You were removed from this visit. Please call your clinic.',
    );
}
