import { z } from 'zod';
import { auditActor, patientInCare } from '../consent/patient-in-care';
import type { Queryable } from '../db/database';
import { conflict, forbidden, notFound } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import { consultInCare, type ConsultRow } from '../reports/consult-in-care';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { TimeClass, TimeRole } from './billing-facts';
import {
  callEventsForConsult,
  ledgerForConsult,
} from './billing-facts-repository';
import { recomputeConsult, recomputePatientMonth } from './billing-recompute';
import { isMonth, localDate, monthBounds, monthOf } from './calendar-days';
import type { ClinicianTime } from './clinician-time';
import { consultTime } from './consult-time';
import {
  correctionSchema,
  timeEntrySchema,
  toLedgerTimes,
} from './ledger-entry-input';
import {
  findLedgerEntry,
  insertLedgerEntry,
  ledgerEntryToJson,
  listCareLedger,
  listConsultLedger,
  type LedgerEntry,
  type NewLedgerEntry,
} from './ledger-repository';

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

/** Which role the caller's own time has on this consult; others may read but not log. */
function roleOnConsult(ctx: Ctx, consult: ConsultRow): TimeRole {
  if (
    ctx.user.role === 'psychiatrist' &&
    consult.assignedPsychiatristId === ctx.user.userId
  )
    return 'consultant';
  if (ctx.user.role === 'pcp' && consult.requestedBy === ctx.user.userId)
    return 'requesting';
  throw forbidden(
    'Only the assigned psychiatrist and the requesting clinician log time on a consult.',
    'not_consult_clinician',
  );
}

/** The correction row: same clinician and role; new times, or a void. */
async function correct(
  s: LedgerRouteDeps,
  ctx: Ctx,
  tx: Queryable,
  original: LedgerEntry,
  body: z.output<typeof correctionSchema>,
): Promise<string> {
  if (original.supersededBy)
    throw conflict(
      'entry_already_corrected',
      'This entry was already corrected: correct the latest correction instead.',
      { supersededBy: original.supersededBy },
    );
  if (original.voids)
    throw conflict(
      'entry_is_removal',
      'This row removes an entry; add a new entry instead.',
    );
  const times = body.void
    ? {
        activity: original.activity,
        startedAt: original.startedAt,
        endedAt: original.endedAt,
        minutes: original.minutes,
      }
    : toLedgerTimes(body.entry, original.role, s.clock.now());
  const row: NewLedgerEntry = {
    ...original,
    ...times,
    supersedes: original.id,
    voids: body.void === true,
    reason: body.reason,
    enteredBy: ctx.user.userId,
  };
  return insertLedgerEntry(tx, row, s.clock.now());
}

function assertMayCorrect(ctx: Ctx, entry: LedgerEntry): void {
  if (entry.clinicianId !== ctx.user.userId && ctx.user.role !== 'admin')
    throw forbidden(
      'Only the clinician whose time it is (or an admin) can correct an entry.',
      'not_entry_owner',
    );
}

export function ledgerRoutes(s: LedgerRouteDeps): RouteDefinition[] {
  const refreshConsult = (id: string) =>
    recomputeConsult(s, id).catch((err) =>
      s.logger.error(
        { err, consultId: id },
        'billing recompute after time entry failed',
      ),
    );
  const refreshMonth = async (patientId: string, at: Date) => {
    const tz = await s.db.query<{ timeZone: string }>(
      `SELECT p.timezone AS "timeZone" FROM patients pa JOIN practices pr ON pr.id = pa.practice_id JOIN programs p ON p.id = pr.program_id WHERE pa.id = $1`,
      [patientId],
    );
    await recomputePatientMonth(
      s,
      patientId,
      monthOf(localDate(at, tz.rows[0]!.timeZone)),
    ).catch((err) =>
      s.logger.error(
        { err, patientId },
        'billing recompute after care time failed',
      ),
    );
  };
  const consultEntry = async (ctx: Ctx, consult: ConsultRow) => {
    const entry = z.uuid().safeParse(ctx.params.entryId).success
      ? await findLedgerEntry(s.db, ctx.params.entryId!)
      : null;
    if (!entry || entry.consultId !== consult.id)
      throw notFound('The time entry');
    return entry;
  };

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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'time.read',
        );
        const [entries, callEvents, ledger] = await Promise.all([
          listConsultLedger(s.db, consult.id),
          callEventsForConsult(s.db, consult.id),
          ledgerForConsult(s.db, consult.id),
        ]);
        const t = consultTime({
          consult: {
            ...consult,
            consultantId: consult.assignedPsychiatristId,
            requestedAt: consult.createdAt.getTime(),
          },
          callEvents,
          ledger,
        });
        await ctx.audit({
          action: 'time.read',
          patientId: consult.patientId,
          resourceType: 'consult',
          resourceId: consult.id,
        });
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
      access: { roles: ['pcp', 'psychiatrist'] },
      body: timeEntrySchema,
      responses: { 201: { description: 'Logged', schema: entrySchema } },
      handler: async (ctx) => {
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'time.create',
        );
        const role = roleOnConsult(ctx, consult);
        const times = toLedgerTimes(ctx.body, role, s.clock.now());
        const id = await s.db.transaction(async (tx) => {
          const newId = await insertLedgerEntry(
            tx,
            {
              patientId: consult.patientId,
              consultId: consult.id,
              clinicianId: ctx.user.userId,
              role,
              ...times,
              enteredBy: ctx.user.userId,
            },
            s.clock.now(),
          );
          await s.audit.record(
            {
              ...auditActor(ctx),
              action: 'time.create',
              patientId: consult.patientId,
              resourceType: 'time_entry',
              resourceId: newId,
              details: { consultId: consult.id, activity: times.activity },
            },
            tx,
          );
          return newId;
        });
        await refreshConsult(consult.id);
        return Reply.created(
          ledgerEntryToJson((await findLedgerEntry(s.db, id))!),
        );
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
        const consult = await consultInCare(
          s,
          ctx,
          ctx.params.consultId!,
          'time.correct',
        );
        const original = await consultEntry(ctx, consult);
        assertMayCorrect(ctx, original);
        const id = await s.db.transaction(async (tx) => {
          const newId = await correct(s, ctx, tx, original, ctx.body);
          await s.audit.record(
            {
              ...auditActor(ctx),
              action: 'time.correct',
              patientId: consult.patientId,
              resourceType: 'time_entry',
              resourceId: newId,
              details: {
                consultId: consult.id,
                supersedes: original.id,
                voids: ctx.body.void === true,
              },
            },
            tx,
          );
          return newId;
        });
        await refreshConsult(consult.id);
        return Reply.created(
          ledgerEntryToJson((await findLedgerEntry(s.db, id))!),
        );
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'care_time.read',
        );
        const tz = (
          await s.db.query<{ timezone: string }>(
            `SELECT timezone FROM programs WHERE id = $1`,
            [patient.programId],
          )
        ).rows[0]!.timezone;
        const { start, end } = monthBounds(ctx.query.month, tz);
        const entries = await listCareLedger(
          s.db,
          patient.id,
          new Date(start),
          new Date(end),
        );
        await ctx.audit({
          action: 'care_time.read',
          patientId: patient.id,
          resourceType: 'time_entry',
          details: { month: ctx.query.month, count: entries.length },
        });
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'care_time.create',
        );
        // The psychiatric consultant's time counts only where the payer counts the team's.
        const role: TimeRole =
          ctx.user.role === 'psychiatrist' ? 'consultant' : 'care_manager';
        const times = toLedgerTimes(ctx.body, 'care_manager', s.clock.now());
        const id = await s.db.transaction(async (tx) => {
          const newId = await insertLedgerEntry(
            tx,
            {
              patientId: patient.id,
              consultId: null,
              clinicianId: ctx.user.userId,
              role,
              ...times,
              enteredBy: ctx.user.userId,
            },
            s.clock.now(),
          );
          await s.audit.record(
            {
              ...auditActor(ctx),
              action: 'care_time.create',
              patientId: patient.id,
              resourceType: 'time_entry',
              resourceId: newId,
            },
            tx,
          );
          return newId;
        });
        await refreshMonth(patient.id, times.startedAt);
        return Reply.created(
          ledgerEntryToJson((await findLedgerEntry(s.db, id))!),
        );
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
        const patient = await patientInCare(
          s,
          ctx,
          ctx.params.patientId!,
          'care_time.correct',
        );
        const original = z.uuid().safeParse(ctx.params.entryId).success
          ? await findLedgerEntry(s.db, ctx.params.entryId!)
          : null;
        if (
          !original ||
          original.patientId !== patient.id ||
          original.activity !== 'care_management'
        )
          throw notFound('The time entry');
        assertMayCorrect(ctx, original);
        const id = await s.db.transaction(async (tx) => {
          const newId = await correct(s, ctx, tx, original, ctx.body);
          await s.audit.record(
            {
              ...auditActor(ctx),
              action: 'care_time.correct',
              patientId: patient.id,
              resourceType: 'time_entry',
              resourceId: newId,
              details: { supersedes: original.id },
            },
            tx,
          );
          return newId;
        });
        const corrected = (await findLedgerEntry(s.db, id))!;
        await refreshMonth(patient.id, original.startedAt);
        if (corrected.startedAt.getTime() !== original.startedAt.getTime())
          await refreshMonth(patient.id, corrected.startedAt);
        return Reply.created(ledgerEntryToJson(corrected));
      },
    }),
  ];
}
