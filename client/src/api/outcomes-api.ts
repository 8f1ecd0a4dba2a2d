import type { z } from 'zod';
import type {
  ConsultFeedback,
  OutcomeCodes,
  consultFeedbackReadSchema,
} from '../../../signaling/protocol/rest/outcomes';
import { api } from './api-client';

export type { ConsultFeedback, OutcomeCodes };
export type StoredFeedback = z.infer<typeof consultFeedbackReadSchema>;

/** The program's disposition and diagnosis codes, and the PCP's feedback on a report. */
export const outcomesApi = {
  codes: () => api.get<OutcomeCodes>('/api/program/outcome-codes'),
  feedback: (consultId: string) =>
    api.get<StoredFeedback>(`/api/consults/${consultId}/feedback`),
  giveFeedback: (consultId: string, f: ConsultFeedback) =>
    api.put<StoredFeedback>(`/api/consults/${consultId}/feedback`, f),
};
