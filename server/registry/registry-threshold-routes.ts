import type { Database } from '../db/database';
import { route, type RouteDefinition } from '../http/route';
import { patchRegistryThresholds, registryProgram } from './registry-program';
import {
  registryThresholdsPatchSchema,
  registryThresholdsSchema,
} from './registry-thresholds';

/**
 * The program's treat-to-target thresholds (AIMS Center defaults until
 * changed), read by every registry flag; the pattern of the program
 * settings routes, for the program's admin and coordinators.
 */
export function registryThresholdRoutes(db: Database): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/registry-thresholds',
      tag: 'registry',
      summary:
        "Your program's registry thresholds: days without contact, week of not improving, response drop, remission score, baseline look-back, review freshness, minutes-short window (AIMS Center defaults until changed).",
      access: { roles: ['admin', 'coordinator'] },
      responses: {
        200: { description: 'Thresholds', schema: registryThresholdsSchema },
      },
      handler: async (ctx) =>
        (await registryProgram(db, ctx.user.programId)).thresholds,
    }),
    route({
      method: 'put',
      path: '/api/program/registry-thresholds',
      tag: 'registry',
      summary:
        "Change your program's registry thresholds; fields left out keep their value. The flags use them from the next registry read.",
      access: { roles: ['admin', 'coordinator'] },
      body: registryThresholdsPatchSchema,
      responses: {
        200: {
          description: 'Thresholds now in force',
          schema: registryThresholdsSchema,
        },
      },
      handler: async (ctx) => {
        const updated = await patchRegistryThresholds(
          db,
          ctx.user.programId,
          ctx.body,
        );
        await ctx.audit({
          action: 'registry.thresholds_update',
          resourceType: 'program',
          resourceId: ctx.user.programId,
          details: { fields: Object.keys(ctx.body) },
        });
        return updated;
      },
    }),
  ];
}
