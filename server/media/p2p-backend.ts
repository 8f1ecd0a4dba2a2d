import { TypedEmitter } from '../events/typed-emitter';
import type {
  MediaBackend,
  MediaBackendEvents,
  MediaJoinInfo,
  MediaParticipant,
} from './media-backend';
import type { IceConfigProvider } from './turn-credentials';

/**
 * Browser-to-browser mesh: the server holds no media. Rooms are the call's
 * socket.io rooms (signaling/call-module.ts), so opening, closing and muting
 * are bookkeeping; admitting a participant hands them STUN/TURN servers.
 * Media-connected events come from the browsers' own reports (call:media-connected),
 * because only they can see their peer connections.
 */
export class P2pMediaBackend implements MediaBackend {
  readonly kind = 'p2p' as const;
  /** P2P media never reports: the clients' own events reach the ledger. */
  readonly observer = new TypedEmitter<MediaBackendEvents>();

  constructor(private readonly ice: IceConfigProvider) {}

  async start(): Promise<void> {}
  async openRoom(_callId: string): Promise<void> {}
  async closeRoom(_callId: string): Promise<void> {}

  async admit(p: MediaParticipant): Promise<MediaJoinInfo> {
    const { iceServers } = await this.ice.iceConfigFor(p.participantId);
    return { backend: 'p2p', iceServers };
  }

  async remove(_callId: string, _participantId: string): Promise<void> {}
  async setMuted(
    _callId: string,
    _participantId: string,
    _kind: 'audio' | 'video',
    _muted: boolean,
  ): Promise<void> {}

  async close(): Promise<void> {
    this.observer.clear();
  }
}
