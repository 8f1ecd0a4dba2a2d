import { IllegalTransitionError } from '../../server/errors';
import { maxParticipants } from '../../signaling/protocol/call-events';
import {
  emptyCallDeadline,
  isDue,
  nextCallStatus,
  participantStep,
  reconnectDeadline,
  type ParticipantAction,
} from '../../server/calls/call-lifecycle';
import {
  clinicianJoinDecision,
  visitorJoinDecision,
  canViewCall,
  type CallAccessFacts,
} from '../../server/calls/call-participants';
import type { Principal } from '../../server/auth/roles';
import type { Visitor } from '../../signaling/socket-identity';

describe('participant transitions', () => {
  it.each<[string, ParticipantAction, string, string | null]>([
    ['absent', 'join', 'present', 'participant_joined'],
    ['present', 'join', 'present', null],
    ['present', 'drop', 'reconnecting', 'participant_dropped'],
    ['present', 'leave', 'left', 'participant_left'],
    ['reconnecting', 'join', 'present', 'participant_reconnected'],
    ['reconnecting', 'leave', 'left', 'participant_left'],
    ['reconnecting', 'expire', 'left', 'participant_left'],
    ['left', 'join', 'present', 'participant_joined'],
  ])('%s --%s--> %s writes %s', (from, action, to, event) => {
    expect(participantStep(from as 'absent', action)).toEqual({ to, event });
  });

  it.each<[string, ParticipantAction]>([
    ['absent', 'drop'],
    ['absent', 'leave'],
    ['present', 'expire'],
    ['reconnecting', 'drop'],
    ['left', 'leave'],
    ['left', 'drop'],
    ['left', 'expire'],
  ])('refuses %s --%s--> with a coded error', (from, action) => {
    expect(() => participantStep(from as 'absent', action)).toThrow(
      IllegalTransitionError,
    );
  });
});

describe('call transitions', () => {
  it('goes from open to ended once', () => {
    expect(nextCallStatus('open', 'end')).toBe('ended');
    expect(() => nextCallStatus('ended', 'end')).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });
});

describe('grace deadlines', () => {
  const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s));
  const grace = 60_000;

  it('gives a dropped participant the grace window from the drop', () => {
    expect(
      reconnectDeadline({ state: 'reconnecting', goneAt: t(0) }, grace),
    ).toEqual(t(60));
    expect(
      reconnectDeadline({ state: 'present', goneAt: null }, grace),
    ).toBeNull();
  });

  it.each<
    [
      string,
      { state: 'present' | 'reconnecting' | 'left'; goneAt: Date | null }[],
      Date | null,
    ]
  >([
    ['nobody ever joined', [], null],
    [
      'someone is present',
      [
        { state: 'present', goneAt: null },
        { state: 'left', goneAt: t(0) },
      ],
      null,
    ],
    [
      'someone may still come back',
      [
        { state: 'reconnecting', goneAt: t(0) },
        { state: 'left', goneAt: t(5) },
      ],
      null,
    ],
    [
      'all left: the last departure plus grace',
      [
        { state: 'left', goneAt: t(0) },
        { state: 'left', goneAt: t(30) },
      ],
      t(90),
    ],
  ])('ends an empty call when %s', (_label, people, expected) => {
    expect(emptyCallDeadline(people, grace)).toEqual(expected);
  });

  it('is due at the deadline, not before', () => {
    expect(isDue(t(60), t(59))).toBe(false);
    expect(isDue(t(60), t(60))).toBe(true);
    expect(isDue(null, t(60))).toBe(false);
  });
});

describe('who may be in a call', () => {
  const facts: CallAccessFacts = {
    callId: 'call-1',
    consultId: 'consult-1',
    visitId: null,
    status: 'open',
    programId: 'prog-1',
    patientId: 'patient-1',
    consultStatus: 'accepted',
    requestedBy: 'pcp-1',
    assignedPsychiatristId: 'psy-1',
  };
  const user = (
    userId: string,
    role: Principal['role'],
    programId = 'prog-1',
  ): Principal => ({
    kind: 'user',
    userId,
    role,
    programId,
    practiceId: null,
    sessionId: 's',
    displayName: 'x',
  });
  const visitor = (o: Partial<Visitor> = {}): Visitor => ({
    kind: 'visitor',
    visitId: 'visit-1',
    participantId: 'vp-1',
    role: 'patient',
    programId: 'prog-1',
    consultId: 'consult-1',
    ...o,
  });

  it.each<[string, Principal, Partial<CallAccessFacts>, string]>([
    ['the requesting PCP', user('pcp-1', 'pcp'), {}, 'pcp'],
    [
      'the assigned psychiatrist',
      user('psy-1', 'psychiatrist'),
      { consultStatus: 'in_call' },
      'psychiatrist',
    ],
    ['another PCP', user('pcp-2', 'pcp'), {}, 'not_a_participant'],
    [
      'another psychiatrist',
      user('psy-2', 'psychiatrist'),
      {},
      'not_a_participant',
    ],
    ['a coordinator', user('c-1', 'coordinator'), {}, 'not_a_participant'],
    [
      // A video contact: the care manager requested it; no psychiatrist.
      'the care manager of their own video contact, in their own seat',
      user('cm-1', 'care_manager'),
      { requestedBy: 'cm-1', assignedPsychiatristId: null },
      'care_manager',
    ],
    [
      "a care manager in someone else's consult",
      user('cm-2', 'care_manager'),
      {},
      'not_a_participant',
    ],
    [
      'the PCP of another program with the same id',
      user('pcp-1', 'pcp', 'prog-2'),
      {},
      'not_a_participant',
    ],
    [
      'the PCP of a consult still queued',
      user('pcp-1', 'pcp'),
      { consultStatus: 'queued' },
      'consult_not_in_call_stage',
    ],
    [
      'anyone, once the call ended',
      user('pcp-1', 'pcp'),
      { status: 'ended' },
      'call_ended',
    ],
  ])('%s', (_label, who, change, expected) => {
    const d = clinicianJoinDecision(who, { ...facts, ...change });
    expect(d.allowed ? d.role : d.code).toBe(expected);
  });

  it.each<[string, Visitor, Partial<CallAccessFacts>, string]>([
    ['a visitor of this consult', visitor(), {}, 'patient'],
    [
      'an interpreter of this visit, in the visit call',
      visitor({ role: 'interpreter' }),
      { visitId: 'visit-1' },
      'interpreter',
    ],
    [
      'a visitor of another visit, in a visit call',
      visitor({ visitId: 'visit-2' }),
      { visitId: 'visit-1' },
      'not_a_participant',
    ],
    [
      'a visitor of another consult',
      visitor({ consultId: 'consult-2' }),
      {},
      'not_a_participant',
    ],
  ])('%s', (_label, who, change, expected) => {
    const d = visitorJoinDecision(who, { ...facts, ...change });
    expect(d.allowed ? d.role : d.code).toBe(expected);
  });

  it('lets program staff and the two clinicians read a call, nobody else', () => {
    expect(canViewCall(user('b', 'biller'), facts)).toBe(true);
    expect(canViewCall(user('psy-1', 'psychiatrist'), facts)).toBe(true);
    expect(canViewCall(user('pcp-2', 'pcp'), facts)).toBe(false);
    expect(canViewCall(user('a', 'admin', 'prog-2'), facts)).toBe(false);
  });
});

describe('how many people fit in a call', () => {
  it('stops a mesh at four and lets an SFU carry a family visit with a guardian and an interpreter', () => {
    expect(maxParticipants('p2p')).toBe(4);
    for (const sfu of ['mediasoup', 'livekit'])
      expect(maxParticipants(sfu)).toBeGreaterThanOrEqual(5);
  });
});
