import { isQueueWorker } from '../auth/roles';
import { z } from 'zod';
import { forbidden } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { TimeClass, TimeRole } from './billing-facts';
import { isMonth } from './calendar-days';
import type { ClinicianTime } from './clinician-time';
import { correctionSchema, timeEntrySchema } from './ledger-entry-input';
import {
  type LedgerEntry,
  LedgerService,
  ledgerEntryToJson,
} from './ledger-service';

/** What the time-ledger routes use. */
export interface LedgerRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

type Ctx = HandlerContext<unknown, unknown>;

const roleTimeSchema = z
  .object({
    clinicianId: z.uuid(),
    minutes: z.number(),
    byClass: z.record(z.string(), z.number()),
    overlapMinutes: z.number(),
    unanchoredEntries: z.number(),
  })
  .nullable();
const entrySchema = z.object({
  id: z.uuid(),
  activity: z.string(),
  role: z.string(),
  clinicianId: z.uuid(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  minutes: z.number().nullable(),
  supersedes: z.uuid().nullable(),
  supersededBy: z.uuid().nullable(),
  voids: z.boolean(),
  reason: z.string().nullable(),
  enteredBy: z.uuid(),
  enteredAt: z.string(),
});
/** One time-ledger entry as the routes send it (tests read replies with it). */
export type TimeEntryJson = z.infer<typeof entrySchema>;

const summarize = (t: ClinicianTime | null) =>
  t && {
    clinicianId: t.clinicianId,
    minutes: t.minutes,
    byClass: Object.fromEntries(
      (Object.entries(t.ms) as [TimeClass, number][]).map(([k, v]) => [
        k,
        Math.round(v / 600) / 100,
      ]),
    ),
    overlapMinutes: Math.round(t.overlapMs / 600) / 100,
    unanchoredEntries: t.unanchoredEntryIds.length,
  };

/** The caller's time role on a consult the policy let them log time on. */
const roleOnConsult = (ctx: Ctx): TimeRole =>
  isQueueWorker(ctx.user.role) ? 'consultant' : 'requesting';

function assertMayCorrect(ctx: Ctx, entry: LedgerEntry): void {
  if (entry.clinicianId !== ctx.user.userId && ctx.user.role !== 'admin')
    throw forbidden(
      'Only the clinician whose time it is (or an admin) can correct an entry.',
      'not_entry_owner',
    );
}

export function ledgerRoutes(deps: LedgerRouteDeps): RouteDefinition[] {
  const ledger = new LedgerService(deps);

  return [
    route({
      method: 'get',
      path: '/api/consults/:consultId/time',
      tag: 'time ledger',
      summary:
        'Every ledger row of a consult (corrections included) and the counted minutes per billing clinician, with call time from call events.',
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'biller'],
      },
      responses: {
        200: {
          description: 'Ledger and totals',
          schema: z.object({
            entries: z.array(entrySchema),
            consultant: roleTimeSchema,
            requesting: roleTimeSchema,
            unfinishedCalls: z.array(z.string()),
          }),
        },
      },
      handler: async (ctx) => {
        const consult = await ctx.care.consult(
          ctx.params.consultId!,
          'time.read',
        );
        const { entries, time: t } = await ledger.consultLedger(consult);
        return {
          entries: entries.map(ledgerEntryToJson),
          consultant: summarize(t.consultant),
          requesting: summarize(t.requesting),
          unfinishedCalls: t.unfinishedCalls,
        };
      },
    }),
    route({
      method: 'post',
      path: '/api/consults/:consultId/time',
      tag: 'time ledger',
      summary:
        'Log work off the call (chart review, report writing, talking with the PCP / consultant, referral prep): your own time, by start and end or minutes.',
      access: { roles: ['pcp', 'psychiatrist', 'bh_clinician'] },
      body: timeEntrySchema,
      responses: { 201: { description: 'Logged', schema: entrySchema } },
      handler: async (ctx) => {
        const consult = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'time.create',
        );
        await ctx.care.logsTimeOn(consult, 'time.create');
        const entry = await ledger.logConsultTime(
          ctx.care.actor,
          consult,
          roleOnConsult(ctx),
          ctx.body,
        );
        return Reply.created(ledgerEntryToJson(entry));
      },
    }),
    route({
      method: 'post',
      path: '/api/consults/:consultId/time/:entryId/corrections',
      tag: 'time ledger',
      summary:
        'Correct (or void) a ledger row: a new row supersedes it, recording who, when and why. Nothing is edited in place.',
      access: { roles: ['pcp', 'psychiatrist', 'admin'] },
      body: correctionSchema,
      responses: {
        201: { description: 'The correction', schema: entrySchema },
      },
      handler: async (ctx) => {
        const consult = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'time.correct',
        );
        const original = await ledger.consultEntry(consult, ctx.params.entryId);
        assertMayCorrect(ctx, original);
        const entry = await ledger.correctConsultTime(
          ctx.care.actor,
          consult,
          original,
          ctx.body,
        );
        return Reply.created(ledgerEntryToJson(entry));
      },
    }),
    route({
      method: 'get',
      path: '/api/patients/:patientId/care-time',
      tag: 'time ledger',
      summary:
        "A patient's collaborative-care / BHI care-management time in one month (program time zone).",
      access: {
        roles: ['pcp', 'psychiatrist', 'coordinator', 'admin', 'biller'],
      },
      query: z.object({
        month: z.string().refine(isMonth, 'must be a month as YYYY-MM'),
      }),
      responses: {
        200: {
          description: 'Care-management rows',
          schema: z.object({ entries: z.array(entrySchema) }),
        },
      },
      handler: async (ctx) => {
        const { rows: entries } = await ctx.care.patientRows(
          ctx.params.patientId!,
          'care_time.read',
          'time_entry',
          (patient) => ledger.careMonth(patient, ctx.query.month),
          { month: ctx.query.month },
        );
        return { entries: entries.map(ledgerEntryToJson) };
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/care-time',
      tag: 'time ledger',
      summary:
        'Log behavioral health care-manager time (collaborative care / BHI) for a patient: your own time.',
      access: { roles: ['pcp', 'coordinator', 'psychiatrist'] },
      body: timeEntrySchema,
      responses: { 201: { description: 'Logged', schema: entrySchema } },
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'care_time.create',
        );
        // The psychiatric consultant's time counts only where the payer counts the team's.
        const role: TimeRole =
          ctx.user.role === 'psychiatrist' ? 'consultant' : 'care_manager';
        const entry = await ledger.logCareTime(
          ctx.care.actor,
          patient,
          role,
          ctx.body,
        );
        return Reply.created(ledgerEntryToJson(entry));
      },
    }),
    route({
      method: 'post',
      path: '/api/patients/:patientId/care-time/:entryId/corrections',
      tag: 'time ledger',
      summary:
        'Correct (or void) a care-management row by superseding it, with a reason.',
      access: { roles: ['pcp', 'coordinator', 'psychiatrist', 'admin'] },
      body: correctionSchema,
      responses: {
        201: { description: 'The correction', schema: entrySchema },
      },
      handler: async (ctx) => {
        const patient = await ctx.care.patientToChange(
          ctx.params.patientId!,
          'care_time.correct',
        );
        const original = await ledger.careEntry(patient, ctx.params.entryId);
        assertMayCorrect(ctx, original);
        const corrected = await ledger.correctCareTime(
          ctx.care.actor,
          patient,
          original,
          ctx.body,
        );
        return Reply.created(ledgerEntryToJson(corrected));
      },
    }),
  ];
}
