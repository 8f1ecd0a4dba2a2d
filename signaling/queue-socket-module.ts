import { isQueueWorker } from '../server/auth/roles';
import { queueBoard } from '../server/queue/queue-board';
import type { Queue } from '../server/queue/create-queue';
import type { Clock } from '../server/clock';
import type { ProgramSettingsService } from '../server/programs/program-settings-service';
import type { Database } from '../server/db/database';
import type { Logger } from '../server/logger';
import { queueRequests } from './protocol/queue-events';
import { onRequest, type AppSocket } from './socket-handler';
import type { SocketModule } from './socket-module';

/** What the queue socket module uses. */
export interface QueueSocketDeps {
  queue: Queue;
  clock: Clock;
  settings: ProgramSettingsService;
  db: Database;
  logger: Logger;
}

/**
 * The queue's socket side. A psychiatrist's sockets drive their presence; they
 * set availability, accept and decline offers here. Coordinators and admins
 * can fetch the live board. Pushes (offers, status, alerts) go through
 * services.live, so they reach a socket on any instance.
 */
export function queueSocketModule(deps: QueueSocketDeps): SocketModule {
  return {
    name: 'queue',
    onConnection(socket: AppSocket) {
      const id = socket.data.identity;
      if (id.kind !== 'user') return;
      const log = deps.logger;
      if (isQueueWorker(id.role)) {
        // Requests wait for presence to be registered, so a quick "available" cannot race it.
        const ready = deps.queue.presence
          .connect(id, socket.id)
          .then(async () => {
            const state = await deps.queue.presence.myState(id);
            socket.emit('queue:availability', {
              status: state.status,
              reason: 'connected',
            });
            if (state.offer) socket.emit('queue:offer', state.offer);
          });
        ready.catch((err) =>
          log.error({ err, userId: id.userId }, 'queue presence failed'),
        );
        const after = <T>(fn: () => Promise<T>) => ready.then(fn);
        onRequest(
          socket,
          log,
          'queue:set-availability',
          queueRequests['queue:set-availability'],
          (p) => after(() => deps.queue.presence.setAvailability(id, p.status)),
        );
        onRequest(
          socket,
          log,
          'queue:accept',
          queueRequests['queue:accept'],
          (p) => after(() => deps.queue.offers.accept(id, p.offerId)),
        );
        onRequest(
          socket,
          log,
          'queue:decline',
          queueRequests['queue:decline'],
          (p) =>
            after(() =>
              deps.queue.offers
                .decline(id, p.offerId, p.reason)
                .then(() => ({ declined: true })),
            ),
        );
        onRequest(
          socket,
          log,
          'queue:my-state',
          queueRequests['queue:my-state'],
          () => after(() => deps.queue.presence.myState(id)),
        );
      }
      if (id.role === 'coordinator' || id.role === 'admin') {
        onRequest(
          socket,
          log,
          'queue:board',
          queueRequests['queue:board'],
          () =>
            queueBoard(
              {
                db: deps.db,
                clock: deps.clock,
                settings: deps.settings,
                store: deps.queue.store,
              },
              id.programId,
            ),
        );
      }
    },
    onDisconnect(socket: AppSocket) {
      const id = socket.data.identity;
      if (id?.kind === 'user' && isQueueWorker(id.role)) {
        deps.queue.presence
          .disconnect(id.userId, socket.id)
          .catch((err) =>
            deps.logger.error(
              { err, userId: id.userId },
              'queue presence failed',
            ),
          );
      }
    },
  };
}
