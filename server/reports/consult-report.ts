import { IllegalTransitionError } from '../errors';
import type { ReportDraft } from '../../signaling/protocol/rest/reports';
import type { ReportStatus } from '../../signaling/protocol/statuses';

// The written consult report, one per consult. Its wire shape and status
// names live in the wire contract.
export {
  reportDraftSchema,
  reportSchema,
  type ReportDraft,
} from '../../signaling/protocol/rest/reports';
export {
  REPORT_STATUSES,
  type ReportStatus,
} from '../../signaling/protocol/statuses';

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
  // The disposition is the consult's coded outcome: no consult completes without one.
  return (['question', 'assessment', 'recommendations', 'disposition'] as const)
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

export const reportToJson = (r: ConsultReport) => ({
  ...r,
  signedAt: r.signedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  addenda: r.addenda.map((a) => ({ ...a, signedAt: a.signedAt.toISOString() })),
});
