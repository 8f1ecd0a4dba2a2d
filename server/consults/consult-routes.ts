import { z } from 'zod';
import { SPECIALTIES } from '../org/users';
import { outcomeCodeSchema } from '../../signaling/protocol/rest/outcomes';
import type { Clock } from '../clock';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { ConsultService } from './consult-service';
import type { QueueStatusBroadcaster } from '../queue/queue-status-broadcaster';
import {
  CONSULT_STATUSES,
  REASON_CATEGORIES,
  consultRequestSchema,
  type Consult,
} from './consult';

/** What the consult routes use. */
export interface ConsultRouteDeps {
  consults: ConsultService;
  queueStatus: QueueStatusBroadcaster;
  /** Refuses a request while the program is closed (never queued silently). */
  hours: { assertOpen(programId: string, now: Date): Promise<void> };
  clock: Clock;
}

/** Dates as ISO strings; everything else as stored. */
export function consultJson(c: Consult) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    ...c,
    queuedAt: iso(c.queuedAt),
    slaBreachedAt: iso(c.slaBreachedAt),
    acceptedAt: iso(c.acceptedAt),
    callStartedAt: iso(c.callStartedAt),
    completedAt: iso(c.completedAt),
    awaitingPcpSince: iso(c.awaitingPcpSince),
    replyOverdueAt: iso(c.replyOverdueAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const statusList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(CONSULT_STATUSES)));

const consultIdPath = '/api/consults/:consultId';

export function consultRoutes(deps: ConsultRouteDeps): RouteDefinition[] {
  const withLive = async (c: Consult) => ({
    consult: consultJson(c),
    live: await deps.queueStatus.statusOf(c),
  });
  return [
    route({
      method: 'post',
      path: '/api/consults',
      tag: 'consults',
      summary:
        'Request a consult. An emergency goes to the top of the line with crisis guidance (911/988); a positive PHQ item 9 makes it urgent. ' +
        'Send the same idempotencyKey (or Idempotency-Key header) on a retry: one request is created (201 first, 200 after).',
      access: { roles: ['pcp'] },
      body: consultRequestSchema,
      handler: async (ctx) => {
        const header = ctx.req.header('idempotency-key');
        const body =
          header && !ctx.body.idempotencyKey
            ? { ...ctx.body, idempotencyKey: header }
            : ctx.body;
        // A written eConsult never rings: it waits in the pool for the
        // opening (its reply clock counts only open time), so only live
        // requests are refused while the program is closed.
        if (body.consultType !== 'econsult')
          await deps.hours.assertOpen(ctx.user.programId, deps.clock.now());
        const r = await deps.consults.create(ctx.user, body, {
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
        });
        const out = {
          ...(await withLive(r.consult)),
          crisisGuidance: r.crisisGuidance,
        };
        return r.created ? Reply.created(out) : out;
      },
    }),
    route({
      method: 'get',
      path: '/api/consults',
      tag: 'consults',
      summary:
        "Consults you may see: a PCP their practice's, a psychiatrist those offered or assigned to them, coordinators and admins the program's.",
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'bh_clinician'],
      },
      query: z.object({ status: statusList.optional() }),
      handler: async (ctx) => {
        const consults = await ctx.care.consults(ctx.query.status ?? null);
        return { consults: consults.map(consultJson) };
      },
    }),
    route({
      method: 'get',
      path: consultIdPath,
      tag: 'consults',
      summary:
        'One consult with its transition history, live status (position, estimated wait, assigned psychiatrist) ' +
        'and people: the requesting clinician with practice and callback number, the psychiatrist, the program contact line.',
      access: {
        roles: [
          'pcp',
          'psychiatrist',
          'coordinator',
          'admin',
          'biller',
          'bh_clinician',
        ],
      },
      handler: async (ctx) => {
        const c = await ctx.care.consult(ctx.params.consultId!, 'consult.read');
        return {
          ...(await withLive(c)),
          people: await deps.consults.people(c),
          transitions: (await deps.consults.transitions(c.id)).map((t) => ({
            ...t,
            at: t.at.toISOString(),
          })),
        };
      },
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/cancel`,
      tag: 'consults',
      summary:
        'Cancel a request that has not reached the call. A ringing offer is withdrawn; an assigned psychiatrist is freed.',
      access: { roles: ['pcp', 'coordinator', 'admin'] },
      handler: async (ctx) =>
        withLive(
          await deps.consults.cancel(
            ctx.user,
            await ctx.care.consult(ctx.params.consultId!, 'consult.cancel'),
          ),
        ),
    }),
    route({
      method: 'patch',
      path: `${consultIdPath}/triage`,
      tag: 'consults',
      summary:
        'Coordinator intake: correct reason categories or specialty of a request in triage.',
      access: { roles: ['coordinator', 'admin'] },
      body: z
        .object({
          reasonCategories: z
            .array(z.enum(REASON_CATEGORIES))
            .min(1, 'choose at least one reason')
            .optional(),
          specialty: z.enum(SPECIALTIES).optional(),
        })
        .strict(),
      handler: async (ctx) => ({
        consult: consultJson(
          await deps.consults.editTriage(
            await ctx.care.consult(
              ctx.params.consultId!,
              'consult.triage_edit',
            ),
            ctx.body,
          ),
        ),
      }),
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/forward`,
      tag: 'consults',
      summary:
        'Coordinator forwards a request in triage to the psychiatrist line.',
      access: { roles: ['coordinator', 'admin'] },
      handler: async (ctx) =>
        withLive(
          await deps.consults.forward(
            ctx.user,
            await ctx.care.consult(ctx.params.consultId!, 'consult.forward'),
          ),
        ),
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/resolve`,
      tag: 'consults',
      summary:
        'Coordinator resolves a resource & referral request, recording the resources given.',
      access: { roles: ['coordinator', 'admin'] },
      body: z
        .object({
          resources: z
            .array(z.string().trim().min(1).max(500))
            .min(1, 'list at least one resource given'),
          note: z.string().trim().max(4000).optional(),
          // Resources given are care coordination unless the coordinator says otherwise.
          disposition: outcomeCodeSchema.default('care_coordination'),
          diagnosisCategories: z.array(outcomeCodeSchema).max(20).default([]),
        })
        .strict(),
      handler: async (ctx) => {
        const { disposition, diagnosisCategories, ...resolution } = ctx.body;
        const consult = await ctx.care.consult(
          ctx.params.consultId!,
          'consult.resolve',
        );
        const outcome = { disposition, diagnosisCategories };
        return {
          consult: consultJson(
            await deps.consults.resolve(ctx.user, consult, resolution, outcome),
          ),
        };
      },
    }),
  ];
}
