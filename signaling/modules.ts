import type { AppServices } from '../server/services';
import type { SocketModule } from './socket-module';

/** Every feature's socket events. Listed once, like server/routes.ts. */
export function socketModules(_s: AppServices): SocketModule[] {
  return [];
}
