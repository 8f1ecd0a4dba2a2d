import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { invalidFields } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import {
  trainingInputSchema,
  trainingSchema,
} from '../../signaling/protocol/rest/trainings';
import {
  insertTraining,
  listTrainings,
  notEnrolledProviders,
} from './training-repository';

export interface TrainingRouteDeps {
  db: Database;
  clock: Clock;
}

const STAFF = ['coordinator', 'admin'] as const;

/** The training log: sessions given to the program's enrolled providers. */
export function trainingRoutes(deps: TrainingRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/trainings',
      tag: 'program-reports',
      summary: "Your program's training log, newest first.",
      access: { roles: STAFF },
      responses: {
        200: {
          description: 'Trainings',
          schema: z.object({ trainings: z.array(trainingSchema) }),
        },
      },
      handler: async (ctx) => ({
        trainings: await listTrainings(deps.db, ctx.user.programId),
      }),
    }),
    route({
      method: 'post',
      path: '/api/program/trainings',
      tag: 'program-reports',
      summary:
        'Log a training: date, topic, format, presenter, minutes, CME credits and attendees (enrolled providers only).',
      access: { roles: STAFF },
      body: trainingInputSchema,
      responses: { 201: { description: 'Logged', schema: trainingSchema } },
      handler: async (ctx) => {
        const t = ctx.body;
        const outside = await notEnrolledProviders(
          deps.db,
          ctx.user.programId,
          t.attendeeIds,
          t.heldOn,
        );
        if (outside.length)
          throw invalidFields(
            outside.map((id) => ({
              field: `attendeeIds.${t.attendeeIds.indexOf(id)}`,
              message: 'is not a provider of a practice enrolled that day',
            })),
          );
        const id = await deps.db.transaction((tx) =>
          insertTraining(
            tx,
            ctx.user.programId,
            t,
            ctx.user.userId,
            deps.clock.now(),
          ),
        );
        await ctx.audit({
          action: 'program.training.create',
          resourceType: 'training',
          resourceId: id,
          details: { attendees: t.attendeeIds.length },
        });
        return Reply.created({
          id,
          ...t,
          attendeeIds: [...new Set(t.attendeeIds)].sort(),
        });
      },
    }),
  ];
}
