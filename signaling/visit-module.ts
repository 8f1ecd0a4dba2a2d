import { forbidden } from '../server/errors';
import type { VisitsModule } from '../server/visits/visits-module-types';
import type { Config } from '../server/config';
import type { Logger } from '../server/logger';
import type { VisitActor } from '../server/visits/visit-service';
import { visitRequests } from './protocol/visit-events';
import { onRequest, type AppSocket } from './socket-handler';
import type { SocketIdentity } from './socket-identity';
import type { SocketModule } from './socket-module';
import { visitStaffRoom } from './visit-rooms';

/** What the waiting-room socket module uses. */
export interface VisitSocketDeps {
  visits: VisitsModule;
  config: Config;
  logger: Logger;
}

/**
 * Waiting-room events. Clinicians of the visit watch its lobby and admit or
 * remove people (the same service and access rules as the REST routes);
 * a visitor can only ask for their own state and only ever hears about it.
 */
export function visitSocketModule(deps: VisitSocketDeps): SocketModule {
  const visits = deps.visits;
  const actor = (socket: AppSocket, identity: SocketIdentity): VisitActor => {
    if (identity.kind !== 'user')
      throw forbidden('Only clinicians can do this.', 'clinician_only');
    return {
      user: identity,
      requestId: `socket:${socket.id}`,
      clientIp: socket.handshake.address,
    };
  };

  return {
    name: 'visits',
    onConnection(socket) {
      if (!visits) return;
      const log = deps.logger;
      onRequest(
        socket,
        log,
        'visit:watch',
        visitRequests['visit:watch'],
        async (req, id) => {
          const view = await visits.service.get(actor(socket, id), req.visitId);
          socket.join(visitStaffRoom(req.visitId));
          return view;
        },
      );
      onRequest(
        socket,
        log,
        'visit:unwatch',
        visitRequests['visit:unwatch'],
        async (req) => {
          socket.leave(visitStaffRoom(req.visitId));
          return null;
        },
      );
      onRequest(
        socket,
        log,
        'visit:admit',
        visitRequests['visit:admit'],
        (req, id) =>
          visits.service.admit(
            actor(socket, id),
            req.visitId,
            req.participantId,
          ),
      );
      onRequest(
        socket,
        log,
        'visit:return-to-waiting',
        visitRequests['visit:return-to-waiting'],
        (req, id) =>
          visits.service.returnToWaiting(
            actor(socket, id),
            req.visitId,
            req.participantId,
          ),
      );
      onRequest(
        socket,
        log,
        'visit:remove',
        visitRequests['visit:remove'],
        (req, id) =>
          visits.service.remove(
            actor(socket, id),
            req.visitId,
            req.participantId,
            req.reason ?? 'removed_by_clinician',
          ),
      );
      onRequest(
        socket,
        log,
        'visit:my-state',
        visitRequests['visit:my-state'],
        async (_req, id) => {
          if (id.kind !== 'visitor')
            throw forbidden(
              'Only a visit participant can ask for their own state.',
              'visitor_only',
            );
          return visits.checkIn.state(id);
        },
      );
    },
  };
}
