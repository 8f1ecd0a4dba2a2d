import { z } from 'zod';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import {
  e164,
  inviteViewSchema,
  newParticipantSchema,
  newVisitSchema,
  visitViewSchema,
} from './visit';
import {
  attestationSchema,
  type AttestationDeps,
  attestationViewSchema,
  recordAttestation,
} from './visit-billing-attestation';
import type { VisitActor } from './visit-service';
import type { VisitsModule } from './visits-module-types';

// A care manager runs the visit of their own video contact (issue #16).
const CLINICIANS = [
  'psychiatrist',
  'pcp',
  'bh_clinician',
  'care_manager',
] as const;
const ttlBody = z.object({
  ttlMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
});
const noBody = z.object({}).optional();

export function actorOf(ctx: HandlerContext<unknown, unknown>): VisitActor {
  return {
    user: ctx.user,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
  };
}

/**
 * The clinician side of virtual visits: the assigned psychiatrist or the
 * requesting PCP create a visit for a consult, invite the patient, a guardian
 * or an interpreter (a link to copy, or a text), then admit or remove people
 * from the waiting room. The same admit/remove also exist as socket events.
 */
export function visitRoutes(
  deps: AttestationDeps,
  m: VisitsModule,
): RouteDefinition[] {
  const v = m.service;
  const p = (ctx: HandlerContext<unknown, unknown>) =>
    [ctx.params.visitId!, ctx.params.participantId!] as const;
  return [
    route({
      method: 'post',
      path: '/api/consults/:consultId/visits',
      tag: 'visits',
      summary:
        'Create a virtual visit for a consult, scheduled or now (no scheduledAt).',
      access: { roles: CLINICIANS },
      body: newVisitSchema,
      responses: {
        201: {
          description: 'The visit, with its phone dial-in code',
          schema: visitViewSchema,
        },
      },
      handler: async (ctx) =>
        Reply.created(
          await v.create(
            actorOf(ctx),
            ctx.params.consultId!,
            ctx.body.scheduledAt ? new Date(ctx.body.scheduledAt) : null,
          ),
        ),
    }),
    route({
      method: 'get',
      path: '/api/consults/:consultId/visits',
      tag: 'visits',
      summary:
        "A consult's virtual visits with their invitees and waiting-room state.",
      access: { roles: CLINICIANS },
      responses: {
        200: {
          description: 'Visits',
          schema: z.object({ visits: z.array(visitViewSchema) }),
        },
      },
      handler: async (ctx) => ({
        visits: await v.list(actorOf(ctx), ctx.params.consultId!),
      }),
    }),
    route({
      method: 'get',
      path: '/api/visits/:visitId',
      tag: 'visits',
      summary:
        'One visit: invitees, who is waiting, what still blocks their admission.',
      access: { roles: CLINICIANS },
      responses: { 200: { description: 'The visit', schema: visitViewSchema } },
      handler: async (ctx) => v.get(actorOf(ctx), ctx.params.visitId!),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants',
      tag: 'visits',
      summary:
        'Invite a patient, guardian or interpreter: returns their own single-use link (shown once).',
      access: { roles: CLINICIANS },
      body: newParticipantSchema,
      responses: {
        201: { description: 'The invite link', schema: inviteViewSchema },
      },
      handler: async (ctx) =>
        Reply.created(
          await v.addParticipant(actorOf(ctx), ctx.params.visitId!, ctx.body),
        ),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/invites',
      tag: 'visits',
      summary:
        'A new link for an invitee; their unused older links stop working.',
      access: { roles: CLINICIANS },
      body: ttlBody,
      responses: {
        201: { description: 'The invite link', schema: inviteViewSchema },
      },
      handler: async (ctx) =>
        Reply.created(
          await v.reissueInvite(actorOf(ctx), ...p(ctx), ctx.body.ttlMinutes),
        ),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/sms-consent',
      tag: 'visits',
      summary:
        'Record that the invitee agreed to receive texts at this number (required before any text).',
      access: { roles: CLINICIANS },
      body: z.object({ phone: e164 }),
      responses: { 204: { description: 'Recorded' } },
      handler: async (ctx) => {
        await v.recordSmsConsent(actorOf(ctx), ...p(ctx), ctx.body.phone);
        return Reply.noContent();
      },
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/sms-invite',
      tag: 'visits',
      summary:
        'Text the invitee a fresh link through Twilio (no clinical detail in the text).',
      access: { roles: CLINICIANS },
      body: ttlBody,
      responses: {
        201: {
          description: 'Sent',
          schema: inviteViewSchema.extend({ messageSid: z.string() }),
        },
        409: { description: 'No consent to texts on record' },
      },
      handler: async (ctx) =>
        Reply.created(
          await v.sendSmsInvite(actorOf(ctx), ...p(ctx), ctx.body.ttlMinutes),
        ),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/admit',
      tag: 'visits',
      summary:
        'Admit a waiting person into the call (refused until their identity check and consents are done).',
      access: { roles: CLINICIANS },
      body: noBody,
      responses: {
        200: { description: 'The visit', schema: visitViewSchema },
        409: { description: 'Not ready: details.blockers says why' },
      },
      handler: async (ctx) => v.admit(actorOf(ctx), ...p(ctx)),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/return-to-waiting',
      tag: 'visits',
      summary:
        'Send an admitted person back to the waiting room (they leave the call).',
      access: { roles: CLINICIANS },
      body: noBody,
      responses: { 200: { description: 'The visit', schema: visitViewSchema } },
      handler: async (ctx) => v.returnToWaiting(actorOf(ctx), ...p(ctx)),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/participants/:participantId/remove',
      tag: 'visits',
      summary:
        'Remove someone from the visit: their links and visit token stop working at once.',
      access: { roles: CLINICIANS },
      body: z
        .object({
          reason: z
            .string()
            .trim()
            .max(60)
            .regex(/^[a-z_]*$/, 'must be a short code such as wrong_person')
            .optional(),
        })
        .optional(),
      responses: { 200: { description: 'The visit', schema: visitViewSchema } },
      handler: async (ctx) =>
        v.remove(
          actorOf(ctx),
          ...p(ctx),
          ctx.body?.reason || 'removed_by_clinician',
        ),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/dial-out',
      tag: 'visits',
      summary:
        "Have Twilio ring an invitee's phone (or your own) into the visit's phone conference.",
      access: { roles: CLINICIANS },
      body: z.union([
        z.object({ participantId: z.uuid() }),
        z.object({ phone: e164 }),
      ]),
      responses: {
        201: {
          description: 'The call was placed',
          schema: z.object({ callSid: z.string(), status: z.string() }),
        },
      },
      handler: async (ctx) =>
        Reply.created(
          await m.phone.dialOut(actorOf(ctx), ctx.params.visitId!, ctx.body),
        ),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/end',
      tag: 'visits',
      summary:
        'End (or cancel, if nobody was admitted yet) the visit: every link and visit token stops working.',
      access: { roles: CLINICIANS },
      body: noBody,
      responses: { 200: { description: 'The visit', schema: visitViewSchema } },
      handler: async (ctx) => v.end(actorOf(ctx), ctx.params.visitId!),
    }),
    route({
      method: 'post',
      path: '/api/visits/:visitId/billing-attestation',
      tag: 'visits',
      summary:
        "Confirm the visit's billing facts: where the patient was, the service given, interactive complexity.",
      access: { roles: ['psychiatrist'] },
      body: attestationSchema,
      responses: {
        201: { description: 'Recorded', schema: attestationViewSchema },
      },
      handler: async (ctx) =>
        Reply.created(
          await recordAttestation(
            deps,
            v,
            actorOf(ctx),
            ctx.params.visitId!,
            ctx.body,
          ),
        ),
    }),
  ];
}
