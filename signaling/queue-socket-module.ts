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
export function queueSocketModule(s: QueueSocketDeps): SocketModule {
  return {
    name: 'queue',
    onConnection(socket: AppSocket) {
      const id = socket.data.identity;
      if (id.kind !== 'user') return;
      const log = s.logger;
      if (id.role === 'psychiatrist') {
        // Requests wait for presence to be registered, so a quick "available" cannot race it.
        const ready = s.queue.presence.connect(id, socket.id).then(async () => {
          const state = await s.queue.presence.myState(id);
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
          (p) => after(() => s.queue.presence.setAvailability(id, p.status)),
        );
        onRequest(
          socket,
          log,
          'queue:accept',
          queueRequests['queue:accept'],
          (p) => after(() => s.queue.offers.accept(id, p.offerId)),
        );
        onRequest(
          socket,
          log,
          'queue:decline',
          queueRequests['queue:decline'],
          (p) =>
            after(() =>
              s.queue.offers
                .decline(id, p.offerId, p.reason)
                .then(() => ({ declined: true })),
            ),
        );
        onRequest(
          socket,
          log,
          'queue:my-state',
          queueRequests['queue:my-state'],
          () => after(() => s.queue.presence.myState(id)),
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
                db: s.db,
                clock: s.clock,
                settings: s.settings,
                store: s.queue.store,
              },
              id.programId,
            ),
        );
      }
    },
    onDisconnect(socket: AppSocket) {
      const id = socket.data.identity;
      if (id?.kind === 'user' && id.role === 'psychiatrist') {
        s.queue.presence
          .disconnect(id.userId, socket.id)
          .catch((err) =>
            s.logger.error({ err, userId: id.userId }, 'queue presence failed'),
          );
      }
    },
  };
}
