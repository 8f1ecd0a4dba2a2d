import type * as types from './mediasoup-api';
import { AppError } from '../../errors';
import { TypedEmitter } from '../../events/typed-emitter';
import type { Logger } from '../../logger';
import {
  MediaBackendUnavailableError,
  type IceServer,
  type MediaBackend,
  type MediaBackendKind,
  type MediaBackendEvents,
  type MediaJoinInfo,
  type MediaParticipant,
  type MediaRoomOptions,
} from '../media-backend';
import { MediasoupRoom, type RoomNotice } from './mediasoup-room';
import { loadMediasoup } from './mediasoup-loader';
import { findMediasoupWorker, WORKER_HOWTO } from './mediasoup-worker-binary';
import { WorkerPool, type WorkerPoolOptions } from './worker-pool';

export interface MediasoupBackendOptions {
  pool: WorkerPoolOptions;
  /** MEDIASOUP_WORKER_BIN, when set. */
  workerBin?: string;
  /** Where transports listen when there is no WebRtcServer. */
  listenIp: string;
  announcedAddress?: string;
  /** TURN/STUN for clients that cannot reach the SFU directly (UDP blocked). */
  iceServers: (participantId: string) => Promise<IceServer[]>;
  clock: () => Date;
  logger: Logger;
  /** How long a call waits for a live worker when all are down. */
  workerWaitMs?: number;
}

/** Pushes to one participant's socket (the socket module delivers them). */
export type NoticeListener = (callId: string, notice: RoomNotice) => void;

/**
 * mediasoup inside our server: a pool of workers, a room (router) per call on
 * the least-loaded worker, and the signaling operations the socket module
 * exposes to admitted participants. Rooms live in this process: with several
 * app instances, a call's sockets must reach the instance holding its room
 * (sticky routing by call), which the README's media section explains.
 */
export class MediasoupBackend implements MediaBackend {
  readonly kind = 'mediasoup' as const;
  private pool: WorkerPool | null = null;
  private readonly rooms = new Map<string, MediasoupRoom>();
  private readonly opening = new Map<string, Promise<MediasoupRoom>>();
  /** Media events for the ledger; room notices for the mediasoup socket module. */
  readonly observer = new TypedEmitter<
    MediaBackendEvents & { notice: [callId: string, notice: RoomNotice] }
  >();

  constructor(private readonly o: MediasoupBackendOptions) {}

  async start(): Promise<void> {
    const found = findMediasoupWorker(this.o.workerBin);
    if (!found.ok)
      throw new MediaBackendUnavailableError(
        'mediasoup',
        `${found.reason} ${WORKER_HOWTO}`,
      );
    // Loaded only now: the package is an optional dependency.
    const mediasoup = await loadMediasoup();
    const pool = new WorkerPool(mediasoup, this.o.pool, this.o.logger);
    try {
      await pool.start();
    } catch (err) {
      pool.close();
      throw new MediaBackendUnavailableError(
        'mediasoup',
        `a worker (${found.bin}) did not start: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    this.pool = pool;
    this.o.logger.info(
      {
        workers: this.o.pool.count,
        version: found.version,
        webRtcServer: this.o.pool.webRtcServerPort !== undefined,
      },
      'mediasoup started',
    );
  }

  async openRoom(callId: string, opts: MediaRoomOptions = {}): Promise<void> {
    await this.ensureRoom(callId, opts);
  }

  async closeRoom(callId: string): Promise<void> {
    const room =
      this.rooms.get(callId) ??
      (await this.opening.get(callId)?.catch(() => undefined));
    this.rooms.delete(callId);
    room?.close();
  }

  async admit(p: MediaParticipant): Promise<MediaJoinInfo> {
    const room = await this.ensureRoom(p.callId, {});
    room.admit(p);
    return {
      backend: 'mediasoup',
      iceServers: await this.o.iceServers(p.participantId),
      routerRtpCapabilities: room.routerRtpCapabilities,
    };
  }

  async remove(callId: string, participantId: string): Promise<void> {
    this.rooms.get(callId)?.remove(participantId);
  }

  async setMuted(
    callId: string,
    participantId: string,
    kind: 'audio' | 'video',
    muted: boolean,
  ): Promise<void> {
    this.room(callId).setMuted(participantId, kind, muted);
  }

  async close(): Promise<void> {
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
    this.pool?.close();
    this.pool = null;
    this.observer.clear();
  }

  /** The call's room for a signaling request; refused when this instance does not hold it. */
  room(callId: string): MediasoupRoom {
    const room = this.rooms.get(callId);
    if (!room)
      throw new AppError(
        'not_found',
        'media_room_not_found',
        'This call has no media here. Rejoin the call.',
      );
    return room;
  }

  /** Worker loads and pids, for tests and monitoring. */
  workers(): {
    loads: ReturnType<WorkerPool['loads']>;
    pidOf: (i: number) => number | null;
  } {
    const pool = this.requirePool();
    return { loads: pool.loads(), pidOf: (i) => pool.pidOf(i) };
  }

  /** One open per call even when two participants join at the same moment. */
  private async ensureRoom(
    callId: string,
    opts: MediaRoomOptions,
  ): Promise<MediasoupRoom> {
    const existing = this.rooms.get(callId);
    if (existing) return existing;
    let opening = this.opening.get(callId);
    if (!opening) {
      opening = MediasoupRoom.open(
        callId,
        opts.audioOnly ?? false,
        this.requirePool(),
        this.roomSettings(),
        this.o.logger,
      ).finally(() => this.opening.delete(callId));
      this.opening.set(callId, opening);
      const room = await opening;
      room.on('media', (e) => this.observer.emit('media', e));
      room.on('notice', (n) => this.observer.emit('notice', callId, n));
      this.rooms.set(callId, room);
      return room;
    }
    return opening;
  }

  private roomSettings() {
    const listenInfos: types.TransportListenInfo[] = (
      ['udp', 'tcp'] as const
    ).map((protocol) => ({
      protocol,
      ip: this.o.listenIp,
      ...(this.o.announcedAddress
        ? { announcedAddress: this.o.announcedAddress }
        : {}),
    }));
    return {
      listenInfos,
      clock: this.o.clock,
      workerWaitMs: this.o.workerWaitMs,
    };
  }

  private requirePool(): WorkerPool {
    if (!this.pool)
      throw new AppError(
        'unavailable',
        'media_not_started',
        'Video is not available right now.',
      );
    return this.pool;
  }
}

export function isMediasoupBackend(
  b: { kind: MediaBackendKind } | undefined,
): b is MediasoupBackend {
  return b?.kind === 'mediasoup';
}
