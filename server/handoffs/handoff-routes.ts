import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import { handoffRequestSchema } from '../../signaling/protocol/rest/episodes';
import { handoffJson } from './handoff';
import type { HandoffService } from './handoff-service';
import type { SafetyAlertService } from '../screening/safety-alert-service';
import { findInstrument } from '../screening/instruments';
import { acknowledgeByHandoff, alertForHandoff } from './handoff-alert';

export interface HandoffRouteDeps {
  handoffs: HandoffService;
  alerts: Pick<SafetyAlertService, 'find' | 'acknowledge'>;
}

const handoffSchema = z.object({
  id: z.uuid(),
  consultId: z.uuid(),
  patientId: z.uuid(),
  state: z.enum(['ringing', 'answered', 'in_call', 'ended', 'fell_back']),
  requestedAt: z.string(),
  dueAt: z.string(),
  answeredAt: z.string().nullable(),
  secondsToAnswer: z.number().nullable(),
  episodeId: z.uuid().nullable(),
  /** The screening alert it was asked from, if any. */
  alertId: z.uuid().nullable(),
});

export function handoffRoutes(deps: HandoffRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'post',
      path: '/api/patients/:patientId/handoffs',
      tag: 'handoffs',
      summary:
        'Ask for a warm handoff now: rings on-duty behavioral health clinicians licensed in the patient’s state. ' +
        'Accepted, it opens a video call (the consult’s); unanswered within the program target, it becomes a scheduled referral. ' +
        'With `alertId` (an open safety alert of this patient) the alert’s assessment is attached for the clinician and the alert is acknowledged as warm_handoff; asking again from the same alert returns the same handoff.',
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
        const alert = ctx.body.alertId
          ? await alertForHandoff(
              deps.alerts,
              ctx.care,
              patient,
              ctx.body.alertId,
            )
          : null;
        const r = await deps.handoffs.request(
          ctx.user,
          patient,
          ctx.body,
          { requestId: ctx.requestId, clientIp: ctx.clientIp },
          alert && {
            id: alert.id,
            assessmentId: alert.assessmentId,
            instrumentName:
              findInstrument(alert.instrument)?.name ?? alert.instrument,
            openedAt: alert.openedAt,
          },
        );
        if (alert)
          await acknowledgeByHandoff(
            deps.alerts,
            ctx.care,
            alert,
            r.handoff.consultId,
          );
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
