import { queueBoardSchema } from '../../signaling/protocol/rest/queue-board';
import { route, type RouteDefinition } from '../http/route';
import type { Database } from '../db/database';
import type { Clock } from '../clock';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import type { QueueStore } from './queue-store';
import { queueBoard } from './queue-board';

/** What the queue routes use. */
export interface QueueRouteDeps {
  db: Database;
  clock: Clock;
  settings: ProgramSettingsService;
  /** The live queue's store: psychiatrists' presence. */
  store: QueueStore;
}

export function queueRoutes(s: QueueRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/queue',
      tag: 'queue',
      summary:
        "The live queue of your program: each request's wait against the target, offers in flight, requests in triage, psychiatrists on duty.",
      access: { roles: ['coordinator', 'admin'] },
      responses: {
        200: { description: 'The live queue', schema: queueBoardSchema },
      },
      handler: async (ctx) => {
        const board = await queueBoard(s, ctx.user.programId);
        await ctx.audit({
          action: 'queue.board',
          resourceType: 'queue',
          details: {
            requests: board.requests.length,
            triage: board.triage.length,
          },
        });
        return board;
      },
    }),
  ];
}
