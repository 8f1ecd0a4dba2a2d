import { availableParallelism } from 'node:os';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { LiveKitBackend } from './livekit/livekit-backend';
import {
  MediaBackendUnavailableError,
  type MediaBackend,
} from './media-backend';
import { MediasoupBackend } from './mediasoup/mediasoup-backend';
import { P2pMediaBackend } from './p2p-backend';
import type { IceConfigProvider } from './turn-credentials';

export interface MediaBackendDeps {
  logger: Logger;
  clock: Clock;
  ice: IceConfigProvider;
}

/**
 * The media backend MEDIA_BACKEND names. Construction never touches the
 * network or spawns anything; `start()` does, and fails with a
 * MediaBackendUnavailableError that says what is missing (no mediasoup
 * worker, LiveKit refusing the credentials), so the server stops at start-up
 * instead of failing the first call.
 */
export function createMediaBackend(
  config: Config,
  deps: MediaBackendDeps,
): MediaBackend {
  switch (config.MEDIA_BACKEND) {
    case 'p2p':
      return new P2pMediaBackend(deps.ice);
    case 'mediasoup':
      return new MediasoupBackend({
        pool: {
          count: config.MEDIASOUP_WORKERS ?? availableParallelism(),
          rtcMinPort: config.MEDIASOUP_RTC_MIN_PORT,
          rtcMaxPort: config.MEDIASOUP_RTC_MAX_PORT,
          listenIp: config.MEDIASOUP_LISTEN_IP,
          announcedAddress: config.MEDIASOUP_ANNOUNCED_IP,
          webRtcServerPort: config.MEDIASOUP_WEBRTC_SERVER_PORT,
        },
        workerBin: config.MEDIASOUP_WORKER_BIN,
        listenIp: config.MEDIASOUP_LISTEN_IP,
        announcedAddress: config.MEDIASOUP_ANNOUNCED_IP,
        iceServers: async (participantId) =>
          (await deps.ice.iceConfigFor(participantId)).iceServers,
        clock: () => deps.clock.now(),
        logger: deps.logger,
      });
    case 'livekit': {
      const {
        LIVEKIT_URL: url,
        LIVEKIT_API_KEY: apiKey,
        LIVEKIT_API_SECRET: apiSecret,
      } = config;
      // loadConfig already insists on all three; this keeps the types honest.
      if (!url || !apiKey || !apiSecret)
        throw new MediaBackendUnavailableError(
          'livekit',
          'LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must all be set.',
        );
      return new LiveKitBackend({
        url,
        apiUrl: config.LIVEKIT_API_URL,
        apiKey,
        apiSecret,
        tokenTtlSeconds: config.LIVEKIT_TOKEN_TTL_SECONDS,
        departureTimeoutSeconds: config.CALL_RECONNECT_GRACE_SECONDS,
        logger: deps.logger,
      });
    }
  }
}
