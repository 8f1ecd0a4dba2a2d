import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { conflict, invalidField, notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { kpiPeriod } from '../kpis/kpi-period';
import { programTimeZone } from '../kpis/kpi-repository';
import {
  rosterQuerySchema,
  shiftInputSchema,
  shiftSchema,
} from '../../signaling/protocol/rest/roster';
import { shiftInstants } from './on-call-shift';
import {
  deleteShift,
  findShift,
  insertShift,
  isProgramPsychiatrist,
  listShifts,
} from './roster-repository';
import { isUuid } from '../ids';

export interface RosterRouteDeps {
  db: Database;
  clock: Clock;
}

/**
 * The on-call roster. It is the program's plan of who should answer; routing
 * does not read it (an available psychiatrist off the roster still answers),
 * see docs/program-reports.md.
 */
export function rosterRoutes(deps: RosterRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/roster',
      tag: 'programs',
      summary:
        'On-call shifts that overlap local days from..to (program time zone, at most 366 days).',
      access: { roles: ['coordinator', 'admin'] },
      query: rosterQuerySchema,
      responses: {
        200: {
          description: 'Shifts, earliest first',
          schema: z.object({
            timeZone: z.string(),
            shifts: z.array(shiftSchema),
          }),
        },
      },
      handler: async (ctx) => {
        const tz = await programTimeZone(deps.db, ctx.user.programId);
        const p = kpiPeriod(ctx.query.from, ctx.query.to, tz);
        return {
          timeZone: tz,
          shifts: await listShifts(
            deps.db,
            ctx.user.programId,
            p.startMs,
            p.endMs,
          ),
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/roster/shifts',
      tag: 'admin',
      summary:
        'Add an on-call shift: local date, start and end in the program time zone (an end at or before the start is the next day).',
      access: { roles: ['admin'] },
      body: shiftInputSchema,
      responses: { 201: { description: 'Added', schema: shiftSchema } },
      handler: async (ctx) => {
        const programId = ctx.user.programId;
        const s = ctx.body;
        if (
          !(await isProgramPsychiatrist(deps.db, programId, s.psychiatristId))
        )
          throw invalidField(
            'psychiatristId',
            'is not an active psychiatrist of your program',
          );
        const tz = await programTimeZone(deps.db, programId);
        const at = shiftInstants(s, tz);
        if ('field' in at) throw invalidField(at.field, at.message);
        const id = await deps.db.transaction((tx) =>
          insertShift(tx, {
            ...s,
            ...at,
            programId,
            createdBy: ctx.user.userId,
            now: deps.clock.now(),
          }),
        );
        if (!id)
          throw conflict(
            'shift_overlaps',
            'This psychiatrist already has a shift that overlaps this one. Change or remove that shift first.',
          );
        await ctx.audit({
          action: 'admin.roster.shift_add',
          resourceType: 'on_call_shift',
          resourceId: id,
          details: { psychiatristId: s.psychiatristId },
        });
        return Reply.created((await findShift(deps.db, programId, id))!);
      },
    }),
    route({
      method: 'delete',
      path: '/api/admin/roster/shifts/:shiftId',
      tag: 'admin',
      summary: 'Remove an on-call shift.',
      access: { roles: ['admin'] },
      responses: { 204: { description: 'Removed' } },
      handler: async (ctx) => {
        const id = ctx.params.shiftId!;
        const gone =
          isUuid(id) && (await deleteShift(deps.db, ctx.user.programId, id));
        if (!gone) throw notFound('The shift');
        await ctx.audit({
          action: 'admin.roster.shift_remove',
          resourceType: 'on_call_shift',
          resourceId: id,
        });
        return Reply.noContent();
      },
    }),
  ];
}
