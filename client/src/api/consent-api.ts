import type { z } from 'zod';
import type {
  consentSchema,
  newConsentSchema,
} from '../../../signaling/protocol/rest/consents';
import { api } from './api-client';

/** Verbal consent for interprofessional consultation, with the cost-sharing notice (server/consent). */
export type ConsentRecord = z.infer<typeof consentSchema>;
export type NewConsent = z.input<typeof newConsentSchema>;

export const consentApi = {
  forPatient: (patientId: string) =>
    api
      .get<{ consents: ConsentRecord[] }>(`/api/patients/${patientId}/consents`)
      .then((r) => r.consents),
  record: (patientId: string, c: NewConsent) =>
    api.post<ConsentRecord>(`/api/patients/${patientId}/consents`, c),
};
