import type { CallEventFact } from './billing-facts';
import { unionSpans, type Span } from './call-intervals';
import type { PhoneLegFact, VisitParticipantFact } from './visit-facts';

/** Who was on a leg of the visit. */
export type LegOwner =
  | 'patient'
  | 'guardian'
  | 'interpreter'
  | 'clinician'
  /** A dial-in caller the visit cannot tie to an invitee or a clinician. */
  | 'unknown_caller';

export type LegMedium = 'audio_video' | 'audio_only';

/** One person's connection to the visit by one way (web or phone), all its spans. */
export interface VisitLeg {
  owner: LegOwner;
  via: 'web' | 'phone';
  medium: LegMedium;
  participantId: string | null;
  userId: string | null;
  spans: Span[];
}

export interface VisitLegs {
  legs: VisitLeg[];
  /** Calls with legs still open and no end event: counted up to their last event. */
  unfinishedCalls: string[];
}

const OPENS = new Set([
  'participant_joined',
  'media_connected',
  'participant_reconnected',
  'phone_call_started',
]);
const CLOSES = new Set([
  'participant_left',
  'participant_dropped',
  'phone_call_ended',
]);
const INVITEE_ROLES = new Set(['patient', 'guardian', 'interpreter']);

type Identify = (e: CallEventFact) => Omit<VisitLeg, 'spans'> | null;

/**
 * Who an event is about. A web leg names its invitee (participantId) or
 * clinician (userId); a phone leg's participantId is the invitee rung, or the
 * CallSid, which the visit's phone legs tie to a clinician's own phone.
 */
function identifier(
  participants: readonly VisitParticipantFact[],
  phoneLegs: readonly PhoneLegFact[],
): Identify {
  const invitees = new Map(participants.map((p) => [p.id, p]));
  const bySid = new Map(phoneLegs.map((l) => [l.callSid, l]));
  return (e) => {
    if (e.type.startsWith('phone_call_')) {
      const key = e.participantId;
      if (!key) return null;
      const invitee = invitees.get(key);
      const staff = bySid.get(key)?.staffUserId ?? null;
      return {
        owner: invitee ? invitee.role : staff ? 'clinician' : 'unknown_caller',
        via: 'phone',
        medium: 'audio_only',
        participantId: invitee ? invitee.id : null,
        userId: staff,
      };
    }
    if (e.participantRole && INVITEE_ROLES.has(e.participantRole)) {
      const invitee = e.participantId ? invitees.get(e.participantId) : null;
      if (!invitee) return null;
      return {
        owner: invitee.role,
        via: 'web',
        medium: invitee.audioOnly ? 'audio_only' : 'audio_video',
        participantId: invitee.id,
        userId: null,
      };
    }
    if (!e.userId) return null;
    return {
      owner: 'clinician',
      via: 'web',
      medium: 'audio_video',
      participantId: null,
      userId: e.userId,
    };
  };
}

const legKey = (e: CallEventFact) =>
  `${e.type.startsWith('phone_call_') ? 'phone' : 'web'}:${e.participantId ?? e.userId}`;

/**
 * Every leg of the visit from its call events: per person and way, when it
 * was connected. `call_ended` closes every leg; a call without an end event
 * (in progress, or its end was lost) is counted up to its last event.
 */
export function visitLegs(
  events: readonly CallEventFact[],
  phoneLegs: readonly PhoneLegFact[],
  participants: readonly VisitParticipantFact[],
): VisitLegs {
  const identify = identifier(participants, phoneLegs);
  const legs = new Map<string, VisitLeg>();
  const unfinishedCalls: string[] = [];
  const byCall = new Map<string, CallEventFact[]>();
  for (const e of events) {
    const list = byCall.get(e.callId) ?? [];
    byCall.set(e.callId, list);
    list.push(e);
  }
  for (const [callId, list] of byCall) {
    list.sort((a, b) => a.at - b.at || a.id - b.id);
    const open = new Map<string, number>();
    const close = (key: string, at: number) => {
      const since = open.get(key);
      if (since === undefined) return;
      legs.get(key)!.spans.push({ start: since, end: at });
      open.delete(key);
    };
    let ended = false;
    for (const e of list) {
      if (e.type === 'call_ended') {
        for (const key of [...open.keys()]) close(key, e.at);
        ended = true;
        continue;
      }
      const who = identify(e);
      if (!who) continue;
      const key = legKey(e);
      if (!legs.has(key)) legs.set(key, { ...who, spans: [] });
      if (OPENS.has(e.type)) {
        if (!open.has(key)) open.set(key, e.at);
        ended = false;
      } else if (CLOSES.has(e.type)) close(key, e.at);
    }
    if (open.size) {
      const last = list[list.length - 1]!.at;
      for (const key of [...open.keys()]) close(key, last);
      if (!ended) unfinishedCalls.push(callId);
    }
  }
  const out = [...legs.values()].map((l) => ({
    ...l,
    spans: unionSpans(l.spans),
  }));
  return { legs: out, unfinishedCalls };
}

/** The union of the spans of the given legs. */
export const spansOf = (legs: readonly VisitLeg[]): Span[] =>
  unionSpans(legs.flatMap((l) => l.spans));
