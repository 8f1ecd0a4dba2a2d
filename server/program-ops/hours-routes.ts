import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { conflict } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { consultRequestSchema } from '../../signaling/protocol/rest/consults';
import {
  hoursStatusSchema,
  programHoursSchema,
} from '../../signaling/protocol/rest/program-hours';
import type { ProgramHoursService } from './program-hours-service';
import { scheduleCallback } from './scheduled-callbacks';

export interface HoursRouteDeps {
  db: Database;
  clock: Clock;
  hours: ProgramHoursService;
}

/** Program hours, whether it answers now, and callbacks left while closed. */
export function hoursRoutes(deps: HoursRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/hours',
      tag: 'programs',
      summary:
        "Your program's weekly hours and holidays (its time zone), whether it answers now, the next opening and crisis guidance.",
      access: { roles: ['pcp', 'psychiatrist', 'coordinator', 'admin'] },
      responses: {
        200: {
          description: 'Hours',
          schema: z.object({
            hours: programHoursSchema,
            status: hoursStatusSchema,
          }),
        },
      },
      handler: async (ctx) => ({
        hours: await deps.hours.hours(ctx.user.programId),
        status: await deps.hours.status(ctx.user.programId, deps.clock.now()),
      }),
    }),
    route({
      method: 'put',
      path: '/api/program/hours',
      tag: 'programs',
      summary:
        'Set weekly hours and holidays (no weekly hours: open around the clock).',
      access: { roles: ['admin'] },
      body: programHoursSchema,
      responses: {
        200: { description: 'Hours now', schema: programHoursSchema },
      },
      handler: async (ctx) => {
        const hours = await deps.hours.update(ctx.user.programId, ctx.body);
        await ctx.audit({
          action: 'program.hours_update',
          resourceType: 'program',
          resourceId: ctx.user.programId,
        });
        return hours;
      },
    }),
    route({
      method: 'post',
      path: '/api/consults/scheduled-callbacks',
      tag: 'consults',
      summary:
        'While the program is closed: leave the request to be filed (and ring) at the next opening.',
      access: { roles: ['pcp'] },
      body: consultRequestSchema,
      responses: {
        201: {
          description: 'Scheduled',
          schema: z.object({ id: z.uuid(), ringAt: z.string() }),
        },
      },
      handler: async (ctx) => {
        const now = deps.clock.now();
        const s = await deps.hours.status(ctx.user.programId, now);
        if (s.open || !s.nextOpening)
          throw conflict(
            s.open ? 'program_open' : 'no_opening',
            s.open
              ? 'The program is open now: send the request instead.'
              : 'The program has no opening in the next three weeks. Please call the program.',
          );
        const made = await scheduleCallback(deps.db, {
          programId: ctx.user.programId,
          requestedBy: ctx.user.userId,
          request: ctx.body,
          ringAt: new Date(s.nextOpening),
          now,
        });
        await ctx.audit({
          action: 'consult.callback_scheduled',
          resourceType: 'scheduled_callback',
          resourceId: made.id,
        });
        return Reply.created({
          id: made.id,
          ringAt: made.ringAt.toISOString(),
        });
      },
    }),
  ];
}
