import { ageOn } from '../patients/patient';
import type { Queryable } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import { visitorRoom } from '../../signaling/socket-identity';
import type { VisitorState } from '../../signaling/protocol/visit-events';
import { visitStaffRoom } from '../../signaling/visit-rooms';
import {
  admissionBlockers,
  checkInBlockers,
  type AdmissionFacts,
} from './participant-state';
import type {
  ConsentRecord,
  Participant,
  ParticipantView,
  PhoneLegView,
  Visit,
  VisitView,
} from './visit';
import { listConsents } from './visit-consent-repository';
import { listOpenPhoneLegs, listParticipants } from './participant-repository';
import { isVisitLive } from './visit-status';

/**
 * The waiting room as people see it. Clinicians get every invitee of the visit
 * with what still blocks admission; a visitor gets only their own state, never
 * anyone else's name or presence.
 */
export function patientIsMinor(patientBirthDate: string, on: Date): boolean {
  return ageOn(patientBirthDate, on) < 18;
}

export function admissionFactsOf(
  p: Participant,
  consents: readonly ConsentRecord[],
  minor: boolean,
): AdmissionFacts {
  return {
    role: p.role,
    state: p.state,
    identityConfirmed: p.identityConfirmedAt !== null,
    consents: consents
      .filter((c) => c.participantId === p.id)
      .map((c) => c.kind),
    patientIsMinor: minor,
    guardianConsentInVisit: consents.some(
      (c) => c.kind === 'guardian_for_minor',
    ),
  };
}

export function participantView(
  p: Participant,
  consents: readonly ConsentRecord[],
  minor: boolean,
): ParticipantView {
  const facts = admissionFactsOf(p, consents, minor);
  return {
    participantId: p.id,
    role: p.role,
    displayName: p.displayName,
    confirmedName: p.confirmedName,
    relationship: p.relationship,
    language: p.language,
    state: p.state,
    stateChangedAt: p.stateChangedAt.toISOString(),
    identityConfirmed: facts.identityConfirmed,
    consents: [...facts.consents],
    blockers:
      p.state === 'waiting'
        ? admissionBlockers(facts)
        : p.state === 'checking_in'
          ? checkInBlockers(facts)
          : [],
    audioOnly: p.audioOnly,
    hasPhone: p.phoneE164 !== null,
    smsConsent: p.smsConsentAt !== null,
  };
}

export async function visitView(
  db: Queryable,
  visit: Visit,
  patientBirthDate: string,
  now: Date,
  dialInNumber: string | null = null,
): Promise<VisitView> {
  const lobby = await loadLobby(db, visit.id);
  return lobbyView(
    visit,
    lobby,
    patientIsMinor(patientBirthDate, now),
    dialInNumber,
  );
}

interface Lobby {
  participants: Participant[];
  consents: ConsentRecord[];
  phoneLegs: PhoneLegView[];
}

async function loadLobby(db: Queryable, visitId: string): Promise<Lobby> {
  const [participants, consents, phoneLegs] = await Promise.all([
    listParticipants(db, visitId),
    listConsents(db, visitId),
    listOpenPhoneLegs(db, visitId),
  ]);
  return { participants, consents, phoneLegs };
}

function lobbyView(
  visit: Visit,
  lobby: Lobby,
  minor: boolean,
  dialInNumber: string | null = null,
): VisitView {
  return {
    dialInNumber,
    id: visit.id,
    consultId: visit.consultId,
    status: visit.status,
    scheduledAt: visit.scheduledAt.toISOString(),
    phoneCode: visit.phoneCode,
    participants: lobby.participants.map((p) =>
      participantView(p, lobby.consents, minor),
    ),
    phoneLegs: lobby.phoneLegs,
  };
}

/** What a visitor may know about themself (the `visit:state` push). */
export type OwnVisitState = VisitorState;

/** `dialInNumber`: the deployment's visit number (dialInNumber(config)), or null without phone dial-in. */
export function ownState(
  visit: Visit,
  p: Participant,
  consents: readonly ConsentRecord[],
  minor: boolean,
  dialInNumber: string | null,
): OwnVisitState {
  const facts = admissionFactsOf(p, consents, minor);
  const blockers = checkInBlockers(facts);
  const needed: string[] = [];
  if (blockers.includes('telehealth_consent_missing'))
    needed.push('telehealth');
  if (blockers.includes('guardian_consent_missing'))
    needed.push('guardian_for_minor');
  if (blockers.includes('interpreter_confidentiality_missing'))
    needed.push('interpreter_confidentiality');
  return {
    visitId: visit.id,
    participantId: p.id,
    role: p.role,
    language: p.language,
    state: p.state,
    visitStatus: visit.status,
    scheduledAt: visit.scheduledAt.toISOString(),
    identityConfirmed: facts.identityConfirmed,
    consentsNeeded: needed,
    patientIsMinor: minor,
    guardianConsented: minor && facts.guardianConsentInVisit,
    audioOnly: p.audioOnly,
    removedReason: p.removedReason,
    // The code opens the visit's phone conference: only for a confirmed person still in a live visit.
    dialIn:
      dialInNumber &&
      facts.identityConfirmed &&
      p.state !== 'removed' &&
      isVisitLive(visit.status)
        ? { number: dialInNumber, code: visit.phoneCode }
        : null,
  };
}

/** `publishVisit` with the server's database, channel and dial-in number. */
export function publishVisitWith(
  w: { db: Queryable; live: LiveChannel; dialIn: string | null },
  visit: Visit,
  patientBirthDate: string,
  now: Date,
): Promise<VisitView> {
  return publishVisit(w.db, w.live, visit, patientBirthDate, now, w.dialIn);
}

/** Pushes the fresh lobby to the visit's clinicians and each visitor's own state to them alone. */
export async function publishVisit(
  db: Queryable,
  live: LiveChannel,
  visit: Visit,
  patientBirthDate: string,
  now: Date,
  dialInNumber: string | null,
): Promise<VisitView> {
  const lobby = await loadLobby(db, visit.id);
  const minor = patientIsMinor(patientBirthDate, now);
  const view = lobbyView(visit, lobby, minor, dialInNumber);
  live.toRoom(visitStaffRoom(visit.id), 'visit:lobby', {
    visitId: visit.id,
    status: view.status,
    participants: view.participants,
  });
  for (const p of lobby.participants)
    live.toRoom(
      visitorRoom(p.id),
      'visit:state',
      ownState(visit, p, lobby.consents, minor, dialInNumber),
    );
  return view;
}
