import type { z } from 'zod';
import type {
  assessmentSchema,
  InstrumentSummary,
  newAssessmentSchema,
} from '../../../signaling/protocol/rest/assessments';
import type {
  NewScreeningLink,
  screeningLinkSchema,
} from '../../../signaling/protocol/rest/self-report';
import type {
  Acknowledgement,
  SafetyAlertJson,
} from '../../../signaling/protocol/rest/safety-alerts';
import { api } from './api-client';

export type Assessment = z.infer<typeof assessmentSchema>;
export type NewAssessment = z.input<typeof newAssessmentSchema>;
export type SafetyAlert = SafetyAlertJson;
export type { InstrumentSummary, NewScreeningLink };
export type ScreeningLink = z.infer<typeof screeningLinkSchema>;

export {
  SAFETY_ACTION_LABELS,
  SAFETY_ACTIONS,
  type SafetyAction,
} from '../../../signaling/protocol/rest/safety-alerts';

export const screeningApi = {
  instruments: () =>
    api
      .get<{ instruments: InstrumentSummary[] }>('/api/screening/instruments')
      .then((r) => r.instruments),
  sendLink: (patientId: string, body: NewScreeningLink) =>
    api.post<ScreeningLink>(`/api/patients/${patientId}/screening-links`, body),
  assessments: (patientId: string) =>
    api
      .get<{ assessments: Assessment[] }>(
        `/api/patients/${patientId}/assessments`,
      )
      .then((r) => r.assessments),
  record: (patientId: string, body: NewAssessment) =>
    api.post<Assessment>(`/api/patients/${patientId}/assessments`, body),
  openAlerts: () =>
    api
      .get<{ alerts: SafetyAlert[] }>('/api/safety-alerts')
      .then((r) => r.alerts),
  urgentConsult: (alertId: string) =>
    api.post<{ consultId: string; status: string }>(
      `/api/safety-alerts/${alertId}/consult`,
    ),
  acknowledge: (alertId: string, ack: Acknowledgement) =>
    api.post<SafetyAlert>(`/api/safety-alerts/${alertId}/acknowledgement`, ack),
};
