import type { AppServer, AppSocket } from './socket-handler';

/**
 * A feature's socket events (queue, calls, visits, media). Each module gets
 * every authenticated socket once and registers its own handlers with onRequest.
 */
export interface SocketModule {
  name: string;
  onConnection(socket: AppSocket, io: AppServer): void;
  /** Called when the socket is gone (after any recovery window the module cares about). */
  onDisconnect?(socket: AppSocket, reason: string): void;
}
