import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { route, type RouteDefinition } from '../http/route';
import type { ProgramSettingsService } from '../programs/program-settings-service';
import { overdueEconsults, WAITING_STATUSES } from './overdue-econsults';

export interface OverdueRouteDeps {
  db: Database;
  clock: Clock;
  settings: Pick<ProgramSettingsService, 'queue'>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const overdueSchema = z.object({
  targetHours: z.number(),
  consults: z.array(
    z.object({
      consultId: z.uuid(),
      status: z.enum(WAITING_STATUSES),
      urgency: z.string(),
      practiceName: z.string(),
      requestedByName: z.string(),
      claimedByName: z.string().nullable(),
      queuedAt: z.string().nullable(),
      /** Whole wall-clock hours since it was filed, by server time. */
      hoursSinceFiled: z.number().nullable(),
      overdueSince: z.string(),
      awaitingPcpSince: z.string().nullable(),
    }),
  ),
});

/** The coordinators' list of eConsults past their reply target. */
export function econsultOverdueRoutes(
  deps: OverdueRouteDeps,
): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/econsults/overdue',
      tag: 'econsults',
      summary:
        "The program's eConsults past their reply target and still waiting " +
        '(pooled, claimed or awaiting the PCP), oldest first, as the ' +
        'sweeper marked them (`econsult:overdue`).',
      access: { roles: ['coordinator', 'admin'] },
      responses: { 200: { description: 'Overdue', schema: overdueSchema } },
      handler: async (ctx) => {
        const visible = await ctx.care.consults(WAITING_STATUSES);
        const [list, settings] = await Promise.all([
          overdueEconsults(deps.db, visible),
          deps.settings.queue(ctx.user.programId),
        ]);
        const now = deps.clock.now().getTime();
        return {
          targetHours: settings.econsultReplyTargetHours,
          consults: list.map((o) => ({
            ...o,
            queuedAt: iso(o.queuedAt),
            hoursSinceFiled: o.queuedAt
              ? Math.floor((now - o.queuedAt.getTime()) / 3_600_000)
              : null,
            overdueSince: o.overdueSince.toISOString(),
            awaitingPcpSince: iso(o.awaitingPcpSince),
          })),
        };
      },
    }),
  ];
}
