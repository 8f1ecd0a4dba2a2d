import type { Socket } from 'socket.io-client';
import type {
  CallParticipant,
  CallPushes,
} from '../../../signaling/protocol/call-events';
import type { CallError } from './call-error';
import type { LinkAdaptation, LinkSample } from './link-adaptation';

export type CallEngineState =
  | 'idle'
  | 'joining'
  | 'joined'
  | 'reconnecting'
  | 'left'
  | 'ended';

export interface CallEngineOptions {
  /** An already connected app socket to share; the engine never closes it. */
  socket?: Socket;
  /** Or: where to connect (default: this page's origin) ... */
  url?: string;
  /** ... and with which credential: an access token or visit token, or a function returning a fresh one on each (re)connect. */
  token?: string | (() => string | Promise<string>);
  /** Local media: a stream you already have, or constraints for getUserMedia. Default { audio: true, video: true }. */
  media?:
    | MediaStream
    | {
        audio: boolean | MediaTrackConstraints;
        video: boolean | MediaTrackConstraints;
      };
  /** 'relay' forces TURN (tests; networks that must not expose addresses). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Cap on the video we send to each peer, in kbit/s (weak uplinks); unset: the browser decides. */
  maxVideoBitrateKbps?: number;
  /**
   * Step each p2p connection's video down (low video, audio only) and back
   * by its stats; default true.
   */
  adaptToNetwork?: boolean;
}

/**
 * A p2p connection changed network step (./link-adaptation.ts), with the
 * sample that moved it.
 */
export interface NetworkStepEvent {
  participantId: string;
  step: LinkAdaptation['step'];
  reason: string;
  sample: LinkSample;
}

export interface RemoteParticipant {
  info: CallParticipant;
  /** Their audio and video, once tracks arrive (a new MediaStream when their connection is rebuilt). */
  stream: MediaStream | null;
  connectionState: RTCPeerConnectionState | 'new';
}

export type CallEngineEvents = {
  state: [state: CallEngineState];
  /** A participant joined or changed: state (present / reconnecting), mute, connection, stream. */
  participant: [p: RemoteParticipant];
  'participant-left': [participantId: string];
  'remote-stream': [participantId: string, stream: MediaStream];
  'local-stream': [stream: MediaStream | null];
  /** SFU calls: who is speaking now (null: nobody). */
  'active-speaker': [participantId: string | null];
  ended: [e: CallPushes['call:ended']];
  /** This engine is out of the call: another tab of the same person took over, or a clinician removed them. */
  removed: [e: CallPushes['call:removed']];
  error: [err: CallError];
  network: [e: NetworkStepEvent];
};

/** The engine's emit, handed to the parts that report to its listeners. */
export type EmitCallEvent = <K extends keyof CallEngineEvents>(
  event: K,
  ...args: CallEngineEvents[K]
) => void;
