import type { CallEventFact } from './billing-facts';

export interface Span {
  start: number;
  end: number;
}

export interface CallDiscussion {
  /** When the consultant was talking with a PCP (both connected), per call event log. */
  consultant: Span[];
  /** When the requesting clinician was talking with the consultant. */
  requesting: Span[];
  /** Calls with no call_ended/phone_call_ended yet: their open time is cut at the last event and flagged. */
  unfinishedCalls: string[];
}

const OPENS = new Set([
  'participant_joined',
  'media_connected',
  'participant_reconnected',
]);
const CLOSES = new Set(['participant_left', 'participant_dropped']);

/** One person's connected spans in a call (by user id or participant id). */
export interface Presence {
  role: string | null;
  userId: string | null;
  spans: Span[];
  openSince: number | null;
}

/** Sorted, non-overlapping union of spans. */
export function unionSpans(spans: readonly Span[]): Span[] {
  const sorted = spans
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Intersection of two span lists (each unioned first). */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const x = unionSpans(a);
  const y = unionSpans(b);
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i]!.start, y[j]!.start);
    const end = Math.min(x[i]!.end, y[j]!.end);
    if (end > start) out.push({ start, end });
    if (x[i]!.end < y[j]!.end) i++;
    else j++;
  }
  return out;
}

/**
 * Who was connected when, in one call's events (sorted by time); phone-leg
 * spans go to `phone`, and an unfinished call's id to `unfinished`.
 */
export function presenceOfCall(
  events: readonly CallEventFact[],
  unfinished: string[],
  phone: Span[],
): Presence[] {
  const people = new Map<string, Presence>();
  let phoneSince: number | null = null;
  let ended = false;
  const closeAll = (at: number) => {
    for (const p of people.values()) {
      if (p.openSince === null) continue;
      p.spans.push({ start: p.openSince, end: at });
      p.openSince = null;
    }
    if (phoneSince !== null) {
      phone.push({ start: phoneSince, end: at });
      phoneSince = null;
    }
  };
  for (const e of events) {
    if (e.type === 'call_ended') {
      closeAll(e.at);
      ended = true;
      continue;
    }
    if (e.type === 'phone_call_started') {
      phoneSince ??= e.at;
      ended = false;
      continue;
    }
    if (e.type === 'phone_call_ended') {
      if (phoneSince !== null) phone.push({ start: phoneSince, end: e.at });
      phoneSince = null;
      ended = true;
      continue;
    }
    const key = e.userId ?? e.participantId;
    if (!key) continue;
    let p = people.get(key);
    if (!p)
      people.set(
        key,
        (p = {
          role: e.participantRole,
          userId: e.userId,
          spans: [],
          openSince: null,
        }),
      );
    if (OPENS.has(e.type)) {
      p.openSince ??= e.at;
      ended = false;
    } else if (CLOSES.has(e.type) && p.openSince !== null) {
      p.spans.push({ start: p.openSince, end: e.at });
      p.openSince = null;
    }
  }
  const stillOpen =
    phoneSince !== null ||
    [...people.values()].some((p) => p.openSince !== null);
  if (stillOpen && events.length) {
    // No end event yet (call in progress, or its end was lost): count only up to the last thing we know.
    closeAll(events[events.length - 1]!.at);
    if (!ended) unfinished.push(events[0]!.callId);
  }
  return [...people.values()];
}

/**
 * Call time per clinician from the append-only call event log. A call counts
 * as verbal discussion only while the consultant and a PCP are both
 * connected; a phone call (phone_call_started..ended) connects the consultant
 * and the requesting clinician for its whole length.
 */
export function callDiscussion(
  events: readonly CallEventFact[],
  who: { consultantId: string | null; requestedBy: string },
): CallDiscussion {
  const byCall = new Map<string, CallEventFact[]>();
  for (const e of events) {
    let list = byCall.get(e.callId);
    if (!list) byCall.set(e.callId, (list = []));
    list.push(e);
  }
  const consultant: Span[] = [];
  const requesting: Span[] = [];
  const unfinishedCalls: string[] = [];
  for (const list of byCall.values()) {
    list.sort((a, b) => a.at - b.at || a.id - b.id);
    const phone: Span[] = [];
    const people = presenceOfCall(list, unfinishedCalls, phone);
    const consultantHere: Span[] = [];
    const pcpsHere: Span[] = [];
    const requesterHere: Span[] = [];
    for (const p of people) {
      if (who.consultantId !== null && p.userId === who.consultantId)
        consultantHere.push(...p.spans);
      if (p.role === 'pcp') pcpsHere.push(...p.spans);
      if (p.userId === who.requestedBy) requesterHere.push(...p.spans);
    }
    consultant.push(...intersectSpans(consultantHere, pcpsHere), ...phone);
    requesting.push(...intersectSpans(requesterHere, consultantHere), ...phone);
  }
  return {
    consultant: unionSpans(consultant),
    requesting: unionSpans(requesting),
    unfinishedCalls,
  };
}
