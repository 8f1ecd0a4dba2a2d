import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import { handoffRequestSchema } from '../../signaling/protocol/rest/episodes';
import { handoffJson } from './handoff';
import type { HandoffService } from './handoff-service';

export interface HandoffRouteDeps {
  handoffs: HandoffService;
}

const handoffSchema = z.object({
  id: z.uuid(),
  consultId: z.uuid(),
  state: z.enum(['ringing', 'answered', 'in_call', 'ended', 'fell_back']),
  requestedAt: z.string(),
  dueAt: z.string(),
  answeredAt: z.string().nullable(),
  secondsToAnswer: z.number().nullable(),
  episodeId: z.uuid().nullable(),
});

export function handoffRoutes(deps: HandoffRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'post',
      path: '/api/patients/:patientId/handoffs',
      tag: 'handoffs',
      summary:
        'Ask for a warm handoff now: rings on-duty behavioral health clinicians licensed in the patient’s state. ' +
        'Accepted, it opens a video call (the consult’s); unanswered within the program target, it becomes a scheduled referral.',
      access: { roles: ['pcp'] },
      body: handoffRequestSchema,
      responses: {
        201: { description: 'Ringing', schema: handoffSchema },
        200: { description: 'The same request (idempotency key reused)' },
      },
      handler: async (ctx) => {
        const patient = await ctx.care.patient(
          ctx.params.patientId!,
          'handoff.request',
        );
        const r = await deps.handoffs.request(ctx.user, patient, ctx.body, {
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
        });
        const out = handoffJson(r.handoff, null);
        return r.created ? Reply.created(out) : out;
      },
    }),
    route({
      method: 'get',
      path: '/api/consults/:consultId/handoff',
      tag: 'handoffs',
      summary:
        'A warm handoff with its moments (requested, answered, joined, ended or fell back) and its episode.',
      access: { roles: ['pcp', 'bh_clinician', 'coordinator', 'admin'] },
      responses: { 200: { description: 'The handoff', schema: handoffSchema } },
      handler: async (ctx) => {
        const c = await ctx.care.consult(ctx.params.consultId!, 'handoff.read');
        const { handoff, episodeId } = await deps.handoffs.ofConsult(c);
        return handoffJson(handoff, episodeId);
      },
    }),
  ];
}
