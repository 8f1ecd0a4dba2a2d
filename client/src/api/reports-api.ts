import type { z } from 'zod';
import type {
  reportDraftSchema,
  reportSchema,
} from '../../../signaling/protocol/rest/reports';
import { api } from './api-client';
import { ApiError } from './api-error';

/** The written consult report (server/reports): a draft until signed, then locked; changes are addenda. */
export type Report = z.infer<typeof reportSchema>;
export type ReportContent = z.output<typeof reportDraftSchema>;
export type Addendum = Report['addenda'][number];

export const EMPTY_REPORT: ReportContent = {
  question: '',
  assessment: '',
  recommendations: '',
  medicationGuidance: '',
  directEvaluationAdvised: false,
  referralAdvised: false,
  followUp: '',
  // Set from the call record (or an off-platform attestation) when signing.
  verbalDiscussion: false,
  disposition: null,
  diagnosisCategories: [],
};

export const reportsApi = {
  /** null when no report has been started (or, for a PCP, not signed yet). */
  get: (consultId: string) =>
    api.get<Report>(`/api/consults/${consultId}/report`).catch((e: unknown) => {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403))
        return null;
      throw e;
    }),
  saveDraft: (consultId: string, content: ReportContent) =>
    api.put<Report>(`/api/consults/${consultId}/report`, content),
  sign: (consultId: string) =>
    api.post<Report>(`/api/consults/${consultId}/report/sign`),
  addAddendum: (consultId: string, body: string) =>
    api.post<Report>(`/api/consults/${consultId}/report/addenda`, { body }),
};

export const REPORT_SECTIONS: {
  key:
    | 'question'
    | 'assessment'
    | 'recommendations'
    | 'medicationGuidance'
    | 'followUp';
  label: string;
}[] = [
  { key: 'question', label: 'Question asked' },
  { key: 'assessment', label: 'Assessment' },
  { key: 'recommendations', label: 'Recommendations' },
  { key: 'medicationGuidance', label: 'Medication guidance' },
  { key: 'followUp', label: 'Follow-up' },
];
