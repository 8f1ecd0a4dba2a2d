import type * as types from './mediasoup-api';
import { AppError } from '../../errors';
import type {
  MediaParticipant,
  MediaParticipantRole,
  MediaPermissions,
} from '../media-backend';
import type { MediaSource } from '../../../signaling/protocol/mediasoup-events';

export type TransportDirection = 'send' | 'recv';

export interface ProducerAppData extends types.AppData {
  participantId: string;
  source: MediaSource;
}

export interface ConsumerAppData extends types.AppData {
  participantId: string;
}

/**
 * One participant's place in a call's media room: what they may do, and the
 * transports, producers and consumers they hold. The room owns the mediasoup
 * objects' lifecycle; the peer answers "may they?" and finds things by id.
 */
export class MediasoupPeer {
  readonly participantId: string;
  role: MediaParticipantRole;
  permissions: MediaPermissions;
  readonly mutedByHost = { audio: false, video: false };
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer<ProducerAppData>>();
  readonly consumers = new Map<string, types.Consumer<ConsumerAppData>>();
  /** Media is flowing on at least one transport right now. */
  mediaUp = false;
  /** Media flowed at some point (only then does leaving mean anything to the ledger). */
  everConnected = false;

  constructor(p: MediaParticipant) {
    this.participantId = p.participantId;
    this.role = p.role;
    this.permissions = p.permissions;
  }

  get admitted(): boolean {
    const p = this.permissions;
    return p.canPublishAudio || p.canPublishVideo || p.canSubscribe;
  }

  mayPublish(kind: 'audio' | 'video'): boolean {
    return kind === 'audio'
      ? this.permissions.canPublishAudio
      : this.permissions.canPublishVideo;
  }

  assertMay(direction: TransportDirection): void {
    if (!this.admitted)
      throw new AppError(
        'forbidden',
        'not_admitted',
        'You are in the waiting room: the clinician has not let you into the call yet.',
      );
    const ok =
      direction === 'recv'
        ? this.permissions.canSubscribe
        : this.permissions.canPublishAudio || this.permissions.canPublishVideo;
    if (!ok)
      throw new AppError(
        'forbidden',
        'not_permitted',
        direction === 'recv'
          ? 'You may not receive media in this call.'
          : 'You may not send media in this call.',
      );
  }

  assertMayPublish(kind: 'audio' | 'video'): void {
    if (!this.mayPublish(kind))
      throw new AppError(
        'forbidden',
        'not_permitted',
        `Your role in this call does not send ${kind === 'audio' ? 'sound' : 'video'}.`,
      );
  }

  transport(id: string): types.WebRtcTransport {
    const t = this.transports.get(id);
    if (!t)
      throw new AppError(
        'not_found',
        'transport_not_found',
        'That media connection is gone. Reconnect and try again.',
      );
    return t;
  }

  transportFor(
    direction: TransportDirection,
  ): types.WebRtcTransport | undefined {
    for (const t of this.transports.values())
      if (t.appData.direction === direction) return t;
    return undefined;
  }

  producer(id: string): types.Producer<ProducerAppData> {
    const p = this.producers.get(id);
    if (!p)
      throw new AppError(
        'not_found',
        'producer_not_found',
        'That stream is not being sent any more.',
      );
    return p;
  }

  consumer(id: string): types.Consumer<ConsumerAppData> {
    const c = this.consumers.get(id);
    if (!c)
      throw new AppError(
        'not_found',
        'consumer_not_found',
        'That stream is not being received any more.',
      );
    return c;
  }

  /** Closes every transport (and with them producers and consumers). */
  closeMedia(): void {
    for (const t of this.transports.values()) t.close();
    this.forgetMedia();
  }

  /** The worker took everything with it: drop the references. */
  forgetMedia(): void {
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}
