import { z } from 'zod';
import { IllegalTransitionError } from '../errors';

/** The written consult report: one per consult, drafted and signed by the consultant. */
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
});
export type ReportDraft = z.infer<typeof reportDraftSchema>;

export const REPORT_STATUSES = ['draft', 'signed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Explicit lifecycle: a draft may be edited or signed; a signed report only gains addenda. */
const TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  draft: ['draft', 'signed'],
  signed: [],
};

export function assertReportTransition(
  from: ReportStatus,
  to: ReportStatus,
): void {
  if (!TRANSITIONS[from].includes(to))
    throw new IllegalTransitionError('consult report', from, to);
}

/** What must be filled in before a report can be signed. */
export function missingForSignature(
  r: ReportDraft,
): { field: string; message: string }[] {
  return (['question', 'assessment', 'recommendations'] as const)
    .filter((f) => !r[f])
    .map((field) => ({ field, message: 'is required before signing' }));
}

export interface Addendum {
  id: string;
  authorId: string;
  body: string;
  signedAt: Date;
}

export interface ConsultReport extends ReportDraft {
  id: string;
  consultId: string;
  authorId: string;
  status: ReportStatus;
  signedAt: Date | null;
  signedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  addenda: Addendum[];
}

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

export const reportToJson = (r: ConsultReport) => ({
  ...r,
  signedAt: r.signedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  addenda: r.addenda.map((a) => ({ ...a, signedAt: a.signedAt.toISOString() })),
});
