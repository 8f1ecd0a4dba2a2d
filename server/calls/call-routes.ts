import { z } from 'zod';
import type { Principal } from '../auth/roles';
import { forbidden, notFound } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { CallService } from './call-service';
import type { Database } from '../db/database';
import type { IceConfigProvider } from '../media/turn-credentials';
import {
  callParticipantSchema,
  iceServerSchema,
} from '../../signaling/protocol/call-events';
import { CALL_EVENT_TYPES } from './call-event-writer';
import {
  canViewCall,
  clinicianJoinDecision,
  type CallFacts,
} from './call-participants';

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

const CLINICIANS = ['pcp', 'psychiatrist'] as const;
const uuidParam = (v: string | undefined) =>
  v && z.uuid().safeParse(v).success ? v : null;

export function callRoutes(s: CallRouteDeps): RouteDefinition[] {
  /** Loads a call the user may see (audited either way); 404 for ids that are not calls. */
  async function visibleCall(
    ctx: HandlerContext<unknown, unknown>,
    action: string,
    rule: (p: Principal, c: CallFacts) => boolean,
  ): Promise<CallFacts> {
    const id = uuidParam(ctx.params.callId);
    const facts = id ? await s.calls.facts(id) : null;
    if (!facts) throw notFound('The call', 'call_not_found');
    const allowed = rule(ctx.user, facts);
    await ctx.audit({
      action,
      outcome: allowed ? 'allowed' : 'denied',
      patientId: facts.patientId,
      resourceType: 'call',
      resourceId: facts.callId,
      details: { consultId: facts.consultId },
    });
    if (!allowed)
      throw forbidden(
        'You are not a participant in this call.',
        'not_a_participant',
      );
    return facts;
  }
  const isClinicianParticipant = (p: Principal, c: CallFacts) =>
    clinicianJoinDecision(p, { ...c, status: 'open' }).allowed;

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
        const consult = await s.db.query<{
          programId: string;
          patientId: string;
          status: string;
          requestedBy: string;
          assignedPsychiatristId: string | null;
        }>(
          `SELECT program_id AS "programId", patient_id AS "patientId", status, requested_by AS "requestedBy", assigned_psychiatrist_id AS "assignedPsychiatristId" FROM consults WHERE id = $1`,
          [ctx.body.consultId],
        );
        const c = consult.rows[0];
        if (!c) throw notFound('The consult', 'consult_not_found');
        const decision = clinicianJoinDecision(ctx.user, {
          ...c,
          callId: '',
          consultId: ctx.body.consultId,
          visitId: null,
          status: 'open',
          consultStatus: c.status,
        });
        await ctx.audit({
          action: 'call.open',
          outcome: decision.allowed ? 'allowed' : 'denied',
          patientId: c.patientId,
          resourceType: 'consult',
          resourceId: ctx.body.consultId,
          details: decision.allowed ? {} : { code: decision.code },
        });
        if (!decision.allowed) throw forbidden(decision.message, decision.code);
        return { callId: await s.calls.openForConsult(ctx.body.consultId) };
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
        const facts = await visibleCall(ctx, 'call.read', canViewCall);
        const d = (await s.calls.details(facts.callId))!;
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
        await visibleCall(ctx, 'call.ice_config', isClinicianParticipant);
        return s.ice.iceConfigFor(ctx.user.userId);
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
        const facts = await visibleCall(
          ctx,
          'call.end',
          isClinicianParticipant,
        );
        await s.calls.endByClinician(ctx.user, facts.callId);
        return Reply.noContent();
      },
    }),
  ];
}
