import { Reply, route, type RouteDefinition } from '../http/route';
import {
  endBodySchema,
  enrollBodySchema,
  episodeSchema,
} from './registry-episode';
import type { RegistryEpisodes } from './registry-episode-service';

/** Putting a patient on the registry and taking them off (with a reason). */
export function registryEpisodeRoutes(
  episodes: RegistryEpisodes,
): RouteDefinition[] {
  const episode = {
    description: 'The registry episode',
    schema: episodeSchema,
  };
  return [
    route({
      method: 'post',
      path: '/api/registry/enrollments',
      tag: 'registry',
      summary:
        "Enroll a patient in collaborative care (cocm) or BHI: a care enrollment the billing engine reads, and a row on the practice's registry with the treating PCP, care manager and psychiatric consultant.",
      access: { roles: ['pcp', 'care_manager', 'coordinator'] },
      body: enrollBodySchema,
      responses: { 201: episode },
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.body.patientId,
          'registry.enroll',
        );
        return Reply.created(
          await episodes.enroll(ctx.care.actor, patient, ctx.body),
        );
      },
    }),
    route({
      method: 'get',
      path: '/api/registry/patients/:patientId/episode',
      tag: 'registry',
      summary: "The patient's registry episode (open, else the latest).",
      access: {
        roles: ['pcp', 'psychiatrist', 'care_manager', 'coordinator'],
      },
      responses: { 200: episode },
      handler: (ctx) =>
        ctx.care.registry.episode(ctx.params.patientId!, 'registry.read'),
    }),
    route({
      method: 'post',
      path: '/api/registry/patients/:patientId/episode/end',
      tag: 'registry',
      summary:
        'Take the patient off the registry on a date, with a reason (remission, referred out, lost to follow-up, declined, moved); the care enrollment ends with it.',
      access: { roles: ['pcp', 'care_manager', 'coordinator'] },
      body: endBodySchema,
      responses: { 200: episode },
      handler: async (ctx) => {
        const e = await ctx.care.registry.episodeToChange(
          ctx.params.patientId!,
          'registry.end',
        );
        return episodes.end(
          ctx.care.actor,
          e,
          ctx.body.endDate,
          ctx.body.reason,
        );
      },
    }),
  ];
}
