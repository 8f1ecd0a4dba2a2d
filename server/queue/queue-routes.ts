import { queueBoardSchema } from '../../signaling/protocol/rest/queue-board';
import { route, type RouteDefinition } from '../http/route';
import type { AppServices } from '../services';
import { queueBoard } from './queue-board';

export function queueRoutes(s: AppServices): RouteDefinition[] {
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
        const board = await queueBoard(s.queue, s.db, ctx.user.programId);
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
