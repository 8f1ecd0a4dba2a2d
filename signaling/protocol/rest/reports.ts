import { z } from 'zod';
import { REPORT_STATUSES } from '../statuses';
import { outcomeCodeSchema } from './outcomes';

/** The written consult report: the draft a consultant saves, and the report as read back. */

const text = (max: number) => z.string().trim().max(max);

export const reportDraftSchema = z.object({
  question: text(4000).default(''),
  assessment: text(20000).default(''),
  recommendations: text(20000).default(''),
  medicationGuidance: text(20000).default(''),
  directEvaluationAdvised: z.boolean().default(false),
  referralAdvised: z.boolean().default(false),
  followUp: text(4000).default(''),
  /** Whether a verbal discussion with the requesting clinician took place (a call counts on its own). */
  verbalDiscussion: z.boolean().default(false),
  /** Where the patient goes next; required before signing (a program's code list). */
  disposition: outcomeCodeSchema.nullable().default(null),
  diagnosisCategories: z.array(outcomeCodeSchema).max(20).default([]),
});
export type ReportDraft = z.infer<typeof reportDraftSchema>;

export const reportSchema = z.object({
  id: z.uuid(),
  consultId: z.uuid(),
  authorId: z.uuid(),
  status: z.enum(REPORT_STATUSES),
  question: z.string(),
  assessment: z.string(),
  recommendations: z.string(),
  medicationGuidance: z.string(),
  directEvaluationAdvised: z.boolean(),
  referralAdvised: z.boolean(),
  followUp: z.string(),
  verbalDiscussion: z.boolean(),
  disposition: z.string().nullable(),
  diagnosisCategories: z.array(z.string()),
  signedAt: z.string().nullable(),
  signedBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  addenda: z.array(
    z.object({
      id: z.uuid(),
      authorId: z.uuid(),
      body: z.string(),
      signedAt: z.string(),
    }),
  ),
});
