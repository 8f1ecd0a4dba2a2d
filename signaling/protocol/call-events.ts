import { z } from 'zod';

/**
 * The call signaling wire format, shared by the server (signaling/call-module.ts)
 * and the browser call engine (client/src/call/). Catalogue: signaling/EVENTS.md.
 */

/**
 * People in one call at once. A mesh sends every stream to every peer, so p2p
 * stops at four (PCP, psychiatrist, patient, and a guardian or interpreter);
 * through an SFU each sends one stream, so a family visit with a guardian and
 * an interpreter fits.
 */
export const CALL_MAX_PARTICIPANTS = { p2p: 4, sfu: 8 } as const;
export const maxParticipants = (backend: string): number =>
  backend === 'p2p' ? CALL_MAX_PARTICIPANTS.p2p : CALL_MAX_PARTICIPANTS.sfu;

export const CALL_PARTICIPANT_ROLES = [
  'pcp',
  'psychiatrist',
  // A behavioral health clinician (warm handoff): never the psychiatric
  // consultant, in the call log nor in billing.
  'bh_clinician',
  // A care manager's video contact: their minutes are the contact's.
  'care_manager',
  'coordinator',
  'patient',
  'guardian',
  'interpreter',
] as const;
export type CallParticipantRole = (typeof CALL_PARTICIPANT_ROLES)[number];

export const PARTICIPANT_STATES = ['present', 'reconnecting', 'left'] as const;
export type ParticipantState = (typeof PARTICIPANT_STATES)[number];

const participantId = z.string().min(1).max(64);
/** One per call engine instance: a peer with a new session gets fresh peer connections. */
export const peerSessionSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, - or _');

const oneOf = (keys: readonly string[]) => (v: Record<string, unknown>) =>
  keys.filter((k) => v[k] !== undefined).length === 1;

// ---- client -> server (acknowledged) ----

export const callJoinRequest = z
  .object({
    callId: z.uuid().optional(),
    consultId: z.uuid().optional(),
    visitId: z.uuid().optional(),
    peerSession: peerSessionSchema,
    audioMuted: z.boolean().default(false),
    videoMuted: z.boolean().default(false),
  })
  .refine(oneOf(['callId', 'consultId', 'visitId']), {
    message: 'give exactly one of callId, consultId, visitId',
    path: ['callId'],
  });
export type CallJoinRequest = z.input<typeof callJoinRequest>;

export const callRef = z.object({ callId: z.uuid() });

export const sessionDescriptionSchema = z.object({
  type: z.enum(['offer', 'answer']),
  // A two-track offer is 3-6 KB; the socket frame cap (16 KB) bounds it anyway.
  sdp: z.string().min(1).max(14_000),
});

export const iceCandidateSchema = z.object({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

/** Offer / answer / ICE candidate for one named peer ("perfect negotiation": either side may offer). */
export const callSignalRequest = z
  .object({
    callId: z.uuid(),
    to: participantId,
    /** The sender's peer session, so a receiver can drop signals from a previous page load. */
    session: peerSessionSchema,
    description: sessionDescriptionSchema.optional(),
    candidate: iceCandidateSchema.optional(),
  })
  .refine(oneOf(['description', 'candidate']), {
    message: 'give exactly one of description, candidate',
    path: ['description'],
  });
export type CallSignalRequest = z.input<typeof callSignalRequest>;

/** Ask one peer to restart ICE towards us (the network path changed). */
export const callIceRestartRequest = z.object({
  callId: z.uuid(),
  to: participantId,
});

export const callMediaStateRequest = z.object({
  callId: z.uuid(),
  audioMuted: z.boolean(),
  videoMuted: z.boolean(),
});

/** The client saw media flowing with `peer` (the p2p backend cannot see media itself). */
export const callMediaConnectedRequest = z.object({
  callId: z.uuid(),
  peer: participantId.optional(),
});

/**
 * Which path the call's media took, read once per call from the selected
 * ICE candidate pair (getStats): relayed through TURN, or direct. Counted in
 * /metrics (the relay share), never with an id.
 */
export const callIcePathRequest = z.object({
  callId: z.uuid(),
  relay: z.boolean(),
});

export const callRequests = {
  'call:join': callJoinRequest,
  'call:leave': callRef,
  'call:end': callRef,
  'call:signal': callSignalRequest,
  'call:ice-restart': callIceRestartRequest,
  'call:media-state': callMediaStateRequest,
  'call:media-connected': callMediaConnectedRequest,
  'call:ice-path': callIcePathRequest,
} as const;

// ---- shapes the server sends ----

export const mediaPermissionsSchema = z.object({
  canPublishAudio: z.boolean(),
  canPublishVideo: z.boolean(),
  canSubscribe: z.boolean(),
  hidden: z.boolean(),
});

export const callParticipantSchema = z.object({
  participantId,
  role: z.enum(CALL_PARTICIPANT_ROLES),
  displayName: z.string(),
  state: z.enum(PARTICIPANT_STATES),
  peerSession: peerSessionSchema,
  audioMuted: z.boolean(),
  videoMuted: z.boolean(),
  mediaConnected: z.boolean(),
  permissions: mediaPermissionsSchema,
});
export type CallParticipant = z.infer<typeof callParticipantSchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const mediaJoinInfoSchema = z.discriminatedUnion('backend', [
  z.object({ backend: z.literal('p2p'), iceServers: z.array(iceServerSchema) }),
  z.object({
    backend: z.literal('mediasoup'),
    iceServers: z.array(iceServerSchema),
    routerRtpCapabilities: z.unknown(),
  }),
  z.object({
    backend: z.literal('livekit'),
    url: z.string(),
    token: z.string(),
  }),
]);

export const callSummarySchema = z.object({
  callId: z.uuid(),
  consultId: z.uuid(),
  visitId: z.uuid().nullable(),
  status: z.enum(['open', 'ended']),
  openedAt: z.string(),
});

/** The data of a successful `call:join` ack. */
export const callJoinResultSchema = z.object({
  call: callSummarySchema,
  self: callParticipantSchema,
  participants: z.array(callParticipantSchema),
  media: mediaJoinInfoSchema,
  /** How long a dropped participant may take to come back. */
  reconnectGraceSeconds: z.number(),
  /** True when this join resumed a dropped participation (the client restarts ICE). */
  resumed: z.boolean(),
});
export type CallJoinResult = z.infer<typeof callJoinResultSchema>;

export const CALL_END_REASONS = [
  'ended_by_clinician',
  'empty',
  'consult_closed',
] as const;

// ---- server -> client pushes ----

export const callPushes = {
  /** Someone joined, changed state (reconnecting, back, left) or toggled mute. */
  'call:participant': z.object({
    callId: z.uuid(),
    participant: callParticipantSchema,
  }),
  /** Relayed from `from`. */
  'call:signal': z.object({
    callId: z.uuid(),
    from: participantId,
    session: peerSessionSchema,
    description: sessionDescriptionSchema.optional(),
    candidate: iceCandidateSchema.optional(),
  }),
  'call:ice-restart': z.object({ callId: z.uuid(), from: participantId }),
  'call:ended': z.object({
    callId: z.uuid(),
    reason: z.enum(CALL_END_REASONS),
    endedBy: z.string().nullable(),
  }),
  /** This socket is no longer in the call: another connection of the same participant took over, or they were removed. */
  'call:removed': z.object({
    callId: z.uuid(),
    reason: z.enum(['replaced', 'removed']),
  }),
} as const;

export type CallPushes = {
  [K in keyof typeof callPushes]: z.infer<(typeof callPushes)[K]>;
};
