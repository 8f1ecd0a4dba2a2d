import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { CallService } from './call-service';
import type { Database } from '../db/database';
import type { IceConfigProvider } from '../media/turn-credentials';
import {
  callParticipantSchema,
  iceServerSchema,
} from '../../signaling/protocol/call-events';
import { CALL_EVENT_TYPES } from './call-event-writer';

/** What the call routes use. */
export interface CallRouteDeps {
  calls: CallService;
  db: Database;
  ice: IceConfigProvider;
}

const callSchema = z.object({
  callId: z.uuid(),
  consultId: z.uuid(),
  visitId: z.uuid().nullable(),
  status: z.enum(['open', 'ended']),
  mediaBackend: z.string(),
  openedAt: z.string(),
  endedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
});

const callEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  type: z.enum(CALL_EVENT_TYPES),
  participantId: z.string().nullable(),
  userId: z.uuid().nullable(),
  role: z.string().nullable(),
  source: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

const iceConfigSchema = z.object({
  iceServers: z.array(iceServerSchema),
  expiresAt: z.string().nullable(),
  provider: z.enum(['coturn', 'twilio', 'stun']),
});

// A care manager is in the calls of their own video contacts (issue #16).
const CLINICIANS = [
  'pcp',
  'psychiatrist',
  'bh_clinician',
  'care_manager',
] as const;

export function callRoutes(deps: CallRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'post',
      path: '/api/calls',
      tag: 'calls',
      summary:
        "Open the consult's call (or return the one already open). The requesting PCP and the assigned psychiatrist only.",
      access: { roles: CLINICIANS },
      body: z.object({ consultId: z.uuid('must be a consult id') }),
      responses: {
        200: {
          description: 'The open call',
          schema: z.object({ callId: z.uuid() }),
        },
        403: { description: 'Not a participant' },
        404: { description: 'No such consult' },
      },
      handler: async (ctx) => {
        const consultId = await ctx.care.consultToCall(
          ctx.body.consultId,
          'call.open',
        );
        return { callId: await deps.calls.openForConsult(consultId) };
      },
    }),
    route({
      method: 'get',
      path: '/api/calls/:callId',
      tag: 'calls',
      summary:
        'A call: status, participants and its ledger of events (server time, role). Participants and program staff.',
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'biller'],
      },
      responses: {
        200: {
          description: 'The call',
          schema: z.object({
            call: callSchema,
            participants: z.array(callParticipantSchema),
            events: z.array(callEventSchema),
          }),
        },
        403: { description: 'Not yours' },
        404: { description: 'No such call' },
      },
      handler: async (ctx) => {
        const facts = await ctx.care.call(
          ctx.params.callId,
          'call.read',
          'view',
        );
        const d = (await deps.calls.details(facts.callId))!;
        return {
          call: {
            callId: d.call.callId,
            consultId: d.call.consultId,
            visitId: d.call.visitId,
            status: d.call.status,
            mediaBackend: d.call.mediaBackend,
            openedAt: d.call.openedAt.toISOString(),
            endedAt: d.call.endedAt?.toISOString() ?? null,
            endedReason: d.call.endedReason,
          },
          participants: d.participants,
          events: d.events.map((e) => ({
            id: e.id,
            at: e.at.toISOString(),
            type: e.type,
            participantId: e.participantId,
            userId: e.userId,
            role: e.role,
            source: e.source,
            details: e.details ?? null,
          })),
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/calls/:callId/ice-servers',
      tag: 'calls',
      summary:
        'STUN/TURN servers for this call with time-limited TURN credentials (coturn REST scheme, or Twilio Network Traversal).',
      access: { roles: CLINICIANS },
      responses: {
        200: { description: 'ICE configuration', schema: iceConfigSchema },
        403: { description: 'Not a participant' },
        404: { description: 'No such call' },
      },
      handler: async (ctx) => {
        await ctx.care.call(ctx.params.callId, 'call.ice_config', 'media');
        return deps.ice.iceConfigFor(ctx.user.userId);
      },
    }),
    route({
      method: 'post',
      path: '/api/calls/:callId/end',
      tag: 'calls',
      summary: 'End the call for everyone (a clinician in it).',
      access: { roles: CLINICIANS },
      responses: {
        204: { description: 'Ended' },
        403: { description: 'Not a participant' },
        409: { description: 'Already ended' },
      },
      handler: async (ctx) => {
        const facts = await ctx.care.call(
          ctx.params.callId,
          'call.end',
          'media',
        );
        await deps.calls.endByClinician(ctx.user, facts.callId);
        return Reply.noContent();
      },
    }),
  ];
}
