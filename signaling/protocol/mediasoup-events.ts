import { z } from 'zod';

/**
 * mediasoup signaling over our socket.io (same auth, same rate limit), shared
 * by the server (signaling/mediasoup-socket-module.ts) and the web client
 * (client/src/call/sfu/mediasoup-call-media.ts). Only sockets of participants
 * the call module admitted to the call's media room get anywhere; the
 * catalogue is in signaling/EVENTS.md.
 *
 * RTP and DTLS objects are mediasoup's own shapes: checked here for structure
 * and size, and by mediasoup for meaning.
 */

const id = z.string().min(1).max(64);
const callId = z.uuid();

export const MEDIA_SOURCES = ['microphone', 'camera'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

export const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum([
          'sha-1',
          'sha-224',
          'sha-256',
          'sha-384',
          'sha-512',
        ]),
        value: z.string().min(1).max(256),
      }),
    )
    .min(1)
    .max(8),
});

const codec = z.looseObject({
  mimeType: z.string().max(64),
  clockRate: z.number().int().positive(),
});

export const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(codec.extend({ payloadType: z.number().int().min(0).max(127) }))
    .min(1)
    .max(8),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(256), id: z.number().int() }))
    .max(16)
    .optional(),
  // At most three simulcast layers.
  encodings: z.array(z.looseObject({})).max(3).optional(),
  rtcp: z.looseObject({}).optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z
    .array(codec.extend({ kind: z.enum(['audio', 'video']) }))
    .max(32)
    .optional(),
  headerExtensions: z
    .array(z.looseObject({ uri: z.string().max(256) }))
    .max(32)
    .optional(),
});

const mediaPermissions = z.object({
  canPublishAudio: z.boolean(),
  canPublishVideo: z.boolean(),
  canSubscribe: z.boolean(),
  hidden: z.boolean(),
});
const mutedByHost = z.object({ audio: z.boolean(), video: z.boolean() });

export const producerInfoSchema = z.object({
  producerId: id,
  participantId: id,
  kind: z.enum(['audio', 'video']),
  source: z.enum(MEDIA_SOURCES),
  paused: z.boolean(),
  /** From a hidden participant (a supervising coordinator): play the audio, show no tile. */
  hidden: z.boolean(),
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;

// ---- client -> server (acknowledged) ----

export const msRequests = {
  /** Bind this socket to the caller's place in the media room; answers what the client needs to start. */
  'media:ms:join': z.object({ callId }),
  'media:ms:create-transport': z.object({
    callId,
    direction: z.enum(['send', 'recv']),
  }),
  'media:ms:connect-transport': z.object({
    callId,
    transportId: id,
    dtlsParameters: dtlsParametersSchema,
  }),
  /** The network path changed (Wi-Fi to cellular, a reconnect): new ICE credentials for the transport. */
  'media:ms:restart-ice': z.object({ callId, transportId: id }),
  'media:ms:produce': z.object({
    callId,
    transportId: id,
    kind: z.enum(['audio', 'video']),
    source: z.enum(MEDIA_SOURCES),
    rtpParameters: rtpParametersSchema,
    paused: z.boolean().default(false),
  }),
  'media:ms:close-producer': z.object({ callId, producerId: id }),
  'media:ms:pause-producer': z.object({ callId, producerId: id }),
  'media:ms:resume-producer': z.object({ callId, producerId: id }),
  /** Creates the consumer paused; the client resumes it once its track is wired up. */
  'media:ms:consume': z.object({
    callId,
    producerId: id,
    rtpCapabilities: rtpCapabilitiesSchema,
  }),
  'media:ms:resume-consumer': z.object({ callId, consumerId: id }),
  /** Ask for a lower simulcast layer (small tile, weak downlink) or a higher one. */
  'media:ms:set-preferred-layers': z.object({
    callId,
    consumerId: id,
    spatialLayer: z.number().int().min(0).max(2),
    temporalLayer: z.number().int().min(0).max(2).optional(),
  }),
  'media:ms:leave': z.object({ callId }),
} as const;

export type MsRequests = {
  [K in keyof typeof msRequests]: z.input<(typeof msRequests)[K]>;
};

// ---- acks' data ----

export const msJoinResultSchema = z.object({
  routerRtpCapabilities: z.unknown(),
  permissions: mediaPermissions,
  mutedByHost,
  /** Producers the caller may consume now; later ones arrive as media:ms:new-producer. */
  producers: z.array(producerInfoSchema),
  activeSpeaker: id.nullable(),
});
export type MsJoinResult = z.infer<typeof msJoinResultSchema>;

export const msTransportSchema = z.object({
  transportId: id,
  iceParameters: z.unknown(),
  iceCandidates: z.unknown(),
  dtlsParameters: z.unknown(),
});
export type MsTransport = z.infer<typeof msTransportSchema>;

export const msConsumeResultSchema = z.object({
  consumerId: id,
  producerId: id,
  participantId: id,
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.unknown(),
  producerPaused: z.boolean(),
});
export type MsConsumeResult = z.infer<typeof msConsumeResultSchema>;

// ---- server -> client pushes ----

export const msPushes = {
  'media:ms:new-producer': z.object({ callId, producer: producerInfoSchema }),
  'media:ms:consumer-closed': z.object({ callId, consumerId: id }),
  'media:ms:consumer-paused': z.object({ callId, consumerId: id }),
  'media:ms:consumer-resumed': z.object({ callId, consumerId: id }),
  /** The dominant speaker changed (null: nobody is speaking). */
  'media:ms:active-speaker': z.object({ callId, participantId: id.nullable() }),
  /** What the caller may send and receive changed (admitted from the waiting room, muted by the host). */
  'media:ms:permissions': z.object({
    callId,
    permissions: mediaPermissions,
    mutedByHost,
  }),
  /** The call's media moved to another worker: drop the device and transports and join again. */
  'media:ms:restart': z.object({ callId, reason: z.enum(['worker_died']) }),
  /** The caller's media in this call is over. */
  'media:ms:closed': z.object({
    callId,
    reason: z.enum(['removed', 'room_closed']),
  }),
} as const;

export type MsPushes = {
  [K in keyof typeof msPushes]: z.infer<(typeof msPushes)[K]>;
};

/**
 * Camera simulcast the client sends: a thumbnail, a small tile and full size.
 * The SFU forwards to each receiver the layer its downlink can take, so one
 * weak receiver never degrades the rest, and a weak sender's lowest layer
 * still gets through.
 */
export const CAMERA_SIMULCAST_ENCODINGS = [
  {
    rid: 'r0',
    scaleResolutionDownBy: 4,
    maxBitrate: 120_000,
    scalabilityMode: 'L1T3',
  },
  {
    rid: 'r1',
    scaleResolutionDownBy: 2,
    maxBitrate: 350_000,
    scalabilityMode: 'L1T3',
  },
  {
    rid: 'r2',
    scaleResolutionDownBy: 1,
    maxBitrate: 900_000,
    scalabilityMode: 'L1T3',
  },
];
