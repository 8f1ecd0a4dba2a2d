import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import { toCsv } from '../http/csv';
import type { CareReader } from '../care/care-reader';

/** The part of a handler's context a search needs. */
type CareCtx = { readonly care: CareReader };

const searchQuery = z.object({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  /** Part of the patient's name, e.g. "Maya Riv" (an admin seldom knows ids). */
  patientName: z.string().trim().min(2).max(100).optional(),
  /** Part of the user's name or email. */
  userName: z.string().trim().min(2).max(100).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['allowed', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

const auditRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  role: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  patientId: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  userName: z.string().nullable(),
  patientName: z.string().nullable(),
});

const COLUMNS = [
  'id',
  'at',
  'userId',
  'role',
  'actorLabel',
  'action',
  'patientId',
  'resourceType',
  'resourceId',
  'outcome',
  'requestId',
  'clientIp',
  'details',
] as const;

/** The audit search reads through `ctx.care`, scoped to the caller's program. */
export function auditRoutes(): RouteDefinition[] {
  const search = (ctx: CareCtx, q: z.output<typeof searchQuery>) =>
    ctx.care.auditRows({
      ...q,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  return [
    route({
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      summary:
        "Search the caller's program's audit log by patient or user (id or part of the name), action, outcome and time range (newest first); rows carry the user's and patient's names.",
      access: { roles: ['admin'] },
      query: searchQuery,
      responses: {
        200: {
          description: 'Audit rows',
          schema: z.object({ rows: z.array(auditRowSchema) }),
        },
      },
      handler: async (ctx) => {
        const rows = await search(ctx, ctx.query);
        await ctx.audit({
          action: 'audit.search',
          resourceType: 'audit_log',
          patientId: ctx.query.patientId ?? null,
          details: { count: rows.length },
        });
        return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
      },
    }),
    route({
      method: 'get',
      path: '/api/audit/export.csv',
      tag: 'audit',
      summary: 'The same search as CSV.',
      access: { roles: ['admin'] },
      query: searchQuery,
      responses: { 200: { description: 'CSV file', contentType: 'text/csv' } },
      handler: async (ctx) => {
        const rows = await search(ctx, ctx.query);
        await ctx.audit({
          action: 'audit.export',
          resourceType: 'audit_log',
          patientId: ctx.query.patientId ?? null,
          details: { count: rows.length },
        });
        const csv = toCsv(
          COLUMNS,
          rows.map((r) => COLUMNS.map((c) => r[c])),
        );
        return Reply.text(csv, 'text/csv; charset=utf-8', {
          'Content-Disposition': 'attachment; filename="audit-log.csv"',
        });
      },
    }),
  ];
}
