import pino from 'pino';
import { randomUUID } from 'node:crypto';
import {
  permissionsFor,
  type MediaEvent,
  type MediaParticipantRole,
} from '../../server/media/media-backend';
import {
  MediasoupBackend,
  type NoticeListener,
} from '../../server/media/mediasoup/mediasoup-backend';
import { findMediasoupWorker } from '../../server/media/mediasoup/mediasoup-worker-binary';
import { startTestServer } from '../support/test-server';

/**
 * The in-process SFU with real mediasoup workers. Where no worker binary
 * exists (its build downloads sources, so CI and these machines have none)
 * the suite is skipped and says why; set MEDIASOUP_WORKER_BIN (or build the
 * package) and it runs for real.
 */
const worker = findMediasoupWorker(
  process.env.MEDIASOUP_WORKER_BIN || undefined,
);
const skipReason = worker.ok ? '' : `skipped: ${worker.reason}`;
if (!worker.ok)
  process.stdout.write(`\n[mediasoup] real-worker tests ${skipReason}\n`);
const describeWithWorker = worker.ok ? describe : describe.skip;

describe('MEDIA_BACKEND=mediasoup at start-up', () => {
  (worker.ok ? it.skip : it)(
    'stops the server with a clear message when no worker binary exists',
    async () => {
      const err = await startTestServer({
        env: {
          MEDIA_BACKEND: 'mediasoup',
          MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker',
        },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(
        // Either the package is missing (npm dropped it) or its worker is.
        /^MEDIA_BACKEND=mediasoup cannot run: (the optional dependency "mediasoup" is not installed|.*worker binary was not found.*MEDIASOUP_WORKER_BIN=\/nonexistent\/mediasoup-worker)/,
      );
    },
  );
});

// Plain, valid RTP parameters a browser would send: Opus audio, and VP8 camera video in three simulcast layers.
const opus = {
  mimeType: 'audio/opus',
  payloadType: 111,
  clockRate: 48000,
  channels: 2,
  parameters: { useinbandfec: 1 },
  rtcpFeedback: [],
};
const vp8 = {
  mimeType: 'video/VP8',
  payloadType: 96,
  clockRate: 90000,
  parameters: {},
  rtcpFeedback: [
    { type: 'nack' },
    { type: 'ccm', parameter: 'fir' },
    { type: 'goog-remb' },
  ],
};
const audioRtp = (ssrc: number) => ({
  mid: '0',
  codecs: [opus],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: `c${ssrc}` },
});
const videoRtp = (ssrc: number) => ({
  mid: '1',
  codecs: [vp8],
  headerExtensions: [],
  encodings: [
    { ssrc, maxBitrate: 120_000, scaleResolutionDownBy: 4 },
    { ssrc: ssrc + 1, maxBitrate: 350_000, scaleResolutionDownBy: 2 },
    { ssrc: ssrc + 2, maxBitrate: 900_000 },
  ],
  rtcp: { cname: `c${ssrc}` },
});

describeWithWorker(`mediasoup SFU with real workers ${skipReason}`, () => {
  let backend: MediasoupBackend;
  const events: MediaEvent[] = [];
  const notices: Parameters<NoticeListener>[] = [];

  beforeAll(async () => {
    backend = new MediasoupBackend({
      pool: {
        count: 2,
        rtcMinPort: 41000,
        rtcMaxPort: 41999,
        listenIp: '127.0.0.1',
        respawnDelayMs: 50,
      },
      workerBin: process.env.MEDIASOUP_WORKER_BIN || undefined,
      listenIp: '127.0.0.1',
      iceServers: async () => [{ urls: 'stun:127.0.0.1:3478' }],
      clock: () => new Date(),
      logger: pino({ level: 'silent' }),
      workerWaitMs: 5000,
    });
    await backend.start();
    backend.observer.on('media', (e) => events.push(e));
    backend.observer.on('notice', (callId, n) => notices.push([callId, n]));
  });
  afterAll(() => backend?.close());

  const admit = (
    callId: string,
    participantId: string,
    role: MediaParticipantRole,
    admitted = true,
  ) =>
    backend.admit({
      callId,
      participantId,
      role,
      displayName: participantId,
      permissions: permissionsFor(role, admitted),
    });

  it('puts each new call on the least-loaded worker', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await backend.openRoom(a);
    await backend.openRoom(b);
    expect(
      new Set([backend.room(a).workerIndex, backend.room(b).workerIndex]),
    ).toEqual(new Set([0, 1]));
    await backend.closeRoom(a);
    await backend.closeRoom(b);
  });

  it('hands admitted participants the router capabilities and ICE servers', async () => {
    const callId = randomUUID();
    const info = await admit(callId, 'psych', 'psychiatrist');
    expect(info).toMatchObject({
      backend: 'mediasoup',
      iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    });
    const caps = (
      info as { routerRtpCapabilities: { codecs: { mimeType: string }[] } }
    ).routerRtpCapabilities;
    expect(caps.codecs.map((c) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']),
    );
    await backend.closeRoom(callId);
  });

  it('negotiates audio only in a voice-only call and refuses video there', async () => {
    const callId = randomUUID();
    await backend.openRoom(callId, { audioOnly: true });
    await admit(callId, 'pcp', 'pcp');
    const room = backend.room(callId);
    expect(
      (room.routerRtpCapabilities.codecs ?? []).every(
        (c) => c.kind === 'audio',
      ),
    ).toBe(true);
    const t = await room.createTransport('pcp', 'send');
    await expect(
      room.produce('pcp', {
        transportId: t.transportId,
        kind: 'video',
        source: 'camera',
        rtpParameters: videoRtp(2000) as never,
        paused: false,
      }),
    ).rejects.toMatchObject({ code: 'audio_only_call' });
    await backend.closeRoom(callId);
  });

  it('keeps a waiting patient out, then lets them in when admitted', async () => {
    const callId = randomUUID();
    await admit(callId, 'patient', 'patient', false);
    const room = backend.room(callId);
    expect(() => room.join('patient')).toThrow(
      expect.objectContaining({ code: 'not_admitted' }),
    );
    await expect(room.createTransport('patient', 'recv')).rejects.toMatchObject(
      { code: 'not_admitted' },
    );
    await admit(callId, 'patient', 'patient', true);
    expect(room.join('patient').permissions.canSubscribe).toBe(true);
    expect(
      notices.some(
        ([c, n]) =>
          c === callId &&
          n.event === 'media:ms:permissions' &&
          n.participantId === 'patient',
      ),
    ).toBe(true);
    await backend.closeRoom(callId);
  });

  it('lets an interpreter send audio but not video', async () => {
    const callId = randomUUID();
    await admit(callId, 'interp', 'interpreter');
    const room = backend.room(callId);
    const t = await room.createTransport('interp', 'send');
    await expect(
      room.produce('interp', {
        transportId: t.transportId,
        kind: 'video',
        source: 'camera',
        rtpParameters: videoRtp(3000) as never,
        paused: false,
      }),
    ).rejects.toMatchObject({ code: 'not_permitted' });
    await expect(
      room.produce('interp', {
        transportId: t.transportId,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: audioRtp(3100) as never,
        paused: false,
      }),
    ).resolves.toHaveProperty('producerId');
    await backend.closeRoom(callId);
  });

  it("announces simulcast producers, creates consumers paused, and resumes them on the client's word", async () => {
    const callId = randomUUID();
    await admit(callId, 'family', 'patient');
    await admit(callId, 'psych', 'psychiatrist');
    const room = backend.room(callId);
    const send = await room.createTransport('family', 'send');
    const { producerId } = await room.produce('family', {
      transportId: send.transportId,
      kind: 'video',
      source: 'camera',
      rtpParameters: videoRtp(4000) as never,
      paused: false,
    });
    expect(
      notices.some(
        ([c, n]) =>
          c === callId &&
          n.participantId === 'psych' &&
          n.event === 'media:ms:new-producer',
      ),
    ).toBe(true);
    await room.createTransport('psych', 'recv');
    const consumer = await room.consume(
      'psych',
      producerId,
      room.routerRtpCapabilities as never,
    );
    expect(consumer).toMatchObject({
      producerId,
      participantId: 'family',
      kind: 'video',
    });
    expect(room.join('psych').producers.map((p) => p.producerId)).toContain(
      producerId,
    );
    await room.resumeConsumer('psych', consumer.consumerId);
    await room.setPreferredLayers('psych', consumer.consumerId, 0);
    // The host mutes the family's camera: it pauses at the SFU and they cannot resume it themselves.
    await backend.setMuted(callId, 'family', 'video', true);
    await expect(
      room.resumeProducer('family', producerId),
    ).rejects.toMatchObject({ code: 'muted_by_host' });
    await backend.setMuted(callId, 'family', 'video', false);
    await expect(
      room.resumeProducer('family', producerId),
    ).resolves.toBeUndefined();
    // The producer goes away: the consumer's owner is told.
    room.closeProducer('family', producerId);
    expect(
      notices.some(
        ([c, n]) =>
          c === callId &&
          n.participantId === 'psych' &&
          n.event === 'media:ms:consumer-closed',
      ),
    ).toBe(true);
    await backend.closeRoom(callId);
  });

  it('restarts ICE on a transport with fresh credentials', async () => {
    const callId = randomUUID();
    await admit(callId, 'pcp', 'pcp');
    const room = backend.room(callId);
    const t = await room.createTransport('pcp', 'send');
    const { iceParameters } = await room.restartIce('pcp', t.transportId);
    expect(iceParameters).not.toEqual(t.iceParameters);
    await backend.closeRoom(callId);
  });

  it('a dead worker ends only its own calls, which come back on a live worker', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await admit(a, 'pa', 'pcp');
    await admit(b, 'pb', 'pcp');
    const roomA = backend.room(a);
    const roomB = backend.room(b);
    if (roomA.workerIndex === roomB.workerIndex)
      throw new Error('expected the two calls on different workers');
    const victim = roomA.workerIndex;
    const restarted = new Promise<void>((resolve) =>
      backend.observer.on(
        'notice',
        (c, n) => c === a && n.event === 'media:ms:restart' && resolve(),
      ),
    );
    process.kill(backend.workers().pidOf(victim)!, 'SIGKILL');
    await restarted;
    expect(roomA.state).toBe('open');
    expect(roomA.join('pa').permissions.canPublishAudio).toBe(true);
    // The other call never noticed.
    expect(roomB.state).toBe('open');
    expect(
      notices.some(([c, n]) => c === b && n.event === 'media:ms:restart'),
    ).toBe(false);
    await expect(roomB.createTransport('pb', 'send')).resolves.toHaveProperty(
      'transportId',
    );
    await backend.closeRoom(a);
    await backend.closeRoom(b);
  });
});
