import type * as types from './mediasoup-api';

/** Opus with in-band FEC: the family on a weak rural uplink loses packets, not words. */
const OPUS: types.RouterRtpCodecCapability = {
  kind: 'audio',
  mimeType: 'audio/opus',
  clockRate: 48000,
  channels: 2,
  parameters: { useinbandfec: 1, usedtx: 1 },
};

/**
 * A video call: VP8 first (every browser, and simulcast works everywhere),
 * H264 baseline for older Safari and hardware encoders on tablets.
 */
export const VIDEO_CALL_CODECS: types.RouterRtpCodecCapability[] = [
  OPUS,
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 600 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 600,
    },
  },
];

/** A voice-only call: the router cannot negotiate video at all. */
export const AUDIO_ONLY_CODECS: types.RouterRtpCodecCapability[] = [OPUS];
