import type { AppServices } from '../server/services';
import { isMediasoupBackend } from '../server/media/mediasoup/mediasoup-backend';
import { callSocketModule } from './call-module';
import { mediasoupSocketModule } from './mediasoup-socket-module';
import type { SocketModule } from './socket-module';
import { queueSocketModule } from './queue-socket-module';
import { visitSocketModule } from './visit-module';

/** Every feature's socket events. Listed once, like server/routes.ts. */
export function socketModules(s: AppServices): SocketModule[] {
  return [
    callSocketModule(s),
    queueSocketModule(s),
    visitSocketModule(s),
    // Only when MEDIA_BACKEND=mediasoup: its signaling drives the in-process SFU.
    ...(isMediasoupBackend(s.media) ? [mediasoupSocketModule(s, s.media)] : []),
  ];
}
