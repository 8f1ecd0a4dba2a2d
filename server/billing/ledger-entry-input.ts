import { z } from 'zod';
import { invalidFields } from '../errors';
import { ACTIVITIES, type Activity, type TimeRole } from './billing-facts';

/** Work off the call as a clinician enters it: an activity with start and end, or start and minutes. */
export const timeEntrySchema = z
  .object({
    activity: z.enum(ACTIVITIES as [Activity, ...Activity[]]),
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }).optional(),
    minutes: z.number().int().min(1).max(1440).optional(),
  })
  .refine((e) => (e.endedAt === undefined) !== (e.minutes === undefined), {
    path: ['endedAt'],
    message: 'give either endedAt or minutes, not both',
  })
  .refine(
    (e) =>
      e.endedAt === undefined ||
      Date.parse(e.endedAt) > Date.parse(e.startedAt),
    { path: ['endedAt'], message: 'must be after startedAt' },
  );
export type TimeEntryInput = z.infer<typeof timeEntrySchema>;

export const correctionSchema = z.union([
  z.object({
    reason: z
      .string()
      .trim()
      .min(3, 'say why (at least 3 characters)')
      .max(1000),
    void: z.literal(true),
  }),
  z.object({
    reason: z
      .string()
      .trim()
      .min(3, 'say why (at least 3 characters)')
      .max(1000),
    void: z.literal(false).optional(),
    entry: timeEntrySchema,
  }),
]);

/** Which activities each role may log. */
const ALLOWED: Record<TimeRole, readonly Activity[]> = {
  consultant: ['pcp_discussion', 'chart_review', 'report_writing'],
  requesting: ['consultant_discussion', 'referral_prep', 'chart_review'],
  care_manager: ['care_management'],
};

/** Checks an entry against the role and server time; returns the stored shape. */
export function toLedgerTimes(
  e: TimeEntryInput,
  role: TimeRole,
  now: Date,
): {
  activity: Activity;
  startedAt: Date;
  endedAt: Date | null;
  minutes: number | null;
} {
  const problems: { field: string; message: string }[] = [];
  if (!ALLOWED[role].includes(e.activity))
    problems.push({
      field: 'activity',
      message: `must be one of ${ALLOWED[role].join(', ')} for ${role.replace('_', ' ')} time`,
    });
  const startedAt = new Date(e.startedAt);
  const endedAt = e.endedAt ? new Date(e.endedAt) : null;
  if (startedAt.getTime() > now.getTime())
    problems.push({ field: 'startedAt', message: 'cannot be in the future' });
  if (endedAt && endedAt.getTime() > now.getTime())
    problems.push({ field: 'endedAt', message: 'cannot be in the future' });
  if (endedAt && endedAt.getTime() - startedAt.getTime() > 24 * 3600_000)
    problems.push({
      field: 'endedAt',
      message: 'an entry covers at most 24 hours',
    });
  if (problems.length) throw invalidFields(problems);
  return {
    activity: e.activity,
    startedAt,
    endedAt,
    minutes: e.minutes ?? null,
  };
}
