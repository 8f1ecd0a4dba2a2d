import { z } from 'zod';
import { conflict } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import { newParticipantSchema } from '../visits/visit';
import { actorOf } from '../visits/visit-routes';
import type { VideoContacts } from './video-contact-service';

/** Who the care manager calls: the patient, or a parent or guardian. */
export const videoContactBodySchema = newParticipantSchema.extend({
  role: z.enum(['patient', 'guardian']).default('patient'),
});

const startedSchema = z.object({
  consultId: z.uuid(),
  visitId: z.uuid(),
  participantId: z.uuid(),
  url: z.string(),
  expiresAt: z.string(),
  channel: z.enum(['link', 'sms']),
});

/** A care manager's video contact, started from the registry (issue #16). */
export function videoContactRoutes(contacts: VideoContacts): RouteDefinition[] {
  return [
    route({
      method: 'post',
      path: '/api/registry/patients/:patientId/video-contacts',
      tag: 'registry',
      summary:
        "Start a video contact with the patient (or a guardian): a call on the call engine, the invite link to copy or text (the visit's own routes text it, with consent). When the call ends, the minutes both were connected become the contact and its care-management ledger row, once.",
      access: { roles: ['care_manager'] },
      body: videoContactBodySchema,
      responses: {
        201: { description: 'Started: the link', schema: startedSchema },
      },
      handler: async (ctx) => {
        const e = await ctx.care.registry.episodeToChange(
          ctx.params.patientId!,
          'registry.video_contact_start',
        );
        if (e.endedOn)
          throw conflict('episode_ended', 'This registry episode has ended.');
        return Reply.created(await contacts.start(actorOf(ctx), e, ctx.body));
      },
    }),
  ];
}
