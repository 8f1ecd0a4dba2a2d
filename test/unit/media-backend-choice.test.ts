import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../server/config';
import { createMediaBackend } from '../../server/media/create-media-backend';
import {
  eventSourceOf,
  MediaBackendUnavailableError,
  permissionsFor,
} from '../../server/media/media-backend';
import { findMediasoupWorker } from '../../server/media/mediasoup/mediasoup-worker-binary';
import { StunOnlyIceConfig } from '../../server/media/turn-credentials';

const deps = {
  logger: pino({ level: 'silent' }),
  clock: { now: () => new Date() },
  ice: new StunOnlyIceConfig(['stun:127.0.0.1:3478']),
};
const livekitEnv = {
  MEDIA_BACKEND: 'livekit',
  LIVEKIT_URL: 'wss://lk.example.test',
  LIVEKIT_API_KEY: 'k',
  LIVEKIT_API_SECRET: 's'.repeat(32),
};

describe('choosing the media backend by MEDIA_BACKEND', () => {
  it.each([
    [{}, 'p2p'],
    [{ MEDIA_BACKEND: 'mediasoup' }, 'mediasoup'],
    [livekitEnv, 'livekit'],
  ])('%j -> %s', (env, kind) => {
    expect(createMediaBackend(loadConfig(env), deps).kind).toBe(kind);
  });

  // A plain `npm ci` drops mediasoup where its worker cannot be built; both
  // machines must get a sentence that says what is missing and what to do.
  const installed = (() => {
    try {
      require.resolve('mediasoup');
      return true;
    } catch {
      return false;
    }
  })();

  it('refuses to start mediasoup without a worker binary, saying where it looked and what to do', async () => {
    const backend = createMediaBackend(
      loadConfig({
        MEDIA_BACKEND: 'mediasoup',
        MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker',
      }),
      deps,
    );
    const err = await backend.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaBackendUnavailableError);
    const message = (err as Error).message;
    if (installed) {
      expect(message).toMatch(
        /^MEDIA_BACKEND=mediasoup cannot run: mediasoup 3\.19\.2 is installed but its worker binary was not found/,
      );
      expect(message).toContain(
        'MEDIASOUP_WORKER_BIN=/nonexistent/mediasoup-worker',
      );
    } else {
      expect(message).toMatch(
        /^MEDIA_BACKEND=mediasoup cannot run: the optional dependency "mediasoup" is not installed\./,
      );
    }
    expect(message).toMatch(/MEDIA_BACKEND=p2p or livekit/);
  });

  (installed ? it : it.skip)(
    'finds a worker binary that exists and is executable',
    () => {
      expect(findMediasoupWorker('/bin/sh')).toMatchObject({
        ok: true,
        bin: '/bin/sh',
        version: '3.19.2',
      });
      const notExecutable = path.join(
        mkdtempSync(path.join(tmpdir(), 'ms-')),
        'mediasoup-worker',
      );
      writeFileSync(notExecutable, '', { mode: 0o644 });
      expect(findMediasoupWorker(notExecutable)).toMatchObject({ ok: false });
    },
  );

  (installed ? it.skip : it)(
    'says the package is missing when npm dropped it',
    () => {
      expect(findMediasoupWorker('/bin/sh')).toEqual({
        ok: false,
        reason: 'the optional dependency "mediasoup" is not installed.',
      });
    },
  );

  it("writes each backend's events with its own call_events source", () => {
    expect([
      eventSourceOf('p2p'),
      eventSourceOf('mediasoup'),
      eventSourceOf('livekit'),
    ]).toEqual(['signaling', 'mediasoup', 'livekit']);
  });

  it.each([
    [
      'interpreter',
      true,
      {
        canPublishAudio: true,
        canPublishVideo: false,
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'coordinator',
      true,
      {
        canPublishAudio: true,
        canPublishVideo: false,
        canSubscribe: true,
        hidden: true,
      },
    ],
    [
      'psychiatrist',
      true,
      {
        canPublishAudio: true,
        canPublishVideo: true,
        canSubscribe: true,
        hidden: false,
      },
    ],
    [
      'patient',
      false,
      {
        canPublishAudio: false,
        canPublishVideo: false,
        canSubscribe: false,
        hidden: true,
      },
    ],
  ] as const)('%s (admitted %s) may %j', (role, admitted, want) => {
    expect(permissionsFor(role, admitted)).toEqual(want);
  });
});
