import { api, type Query } from './api-client';

/** The collaborative-care registry (server/registry). */
export type RegistryFlag =
  | 'safety_alert_open'
  | 'needs_psychiatric_review'
  | 'not_improving'
  | 'no_contact'
  | 'new'
  | 'minutes_short'
  | 'response'
  | 'remission';

export const FLAG_LABELS: Record<RegistryFlag, string> = {
  safety_alert_open: 'Safety alert open',
  needs_psychiatric_review: 'Needs psychiatric review',
  not_improving: 'Not improving',
  no_contact: 'No contact 28 days',
  new: 'New',
  minutes_short: 'Minutes short',
  response: 'Response',
  remission: 'Remission',
};

export interface ScorePoint {
  total: number;
  at: string;
}

export interface RegistryRow {
  patientId: string;
  enrollmentId: string;
  kind: 'cocm' | 'bhi';
  patientName: string;
  practiceName: string;
  pcpName: string;
  careManagerName: string;
  instrument: string;
  startedOn: string;
  baseline: ScorePoint | null;
  latest: ScorePoint | null;
  percentChange: number | null;
  weeksInTreatment: number;
  lastContactAt: string | null;
  contacts: number;
  minutesThisMonth: number;
  thresholdMinutes: number;
  nextContactOn: string | null;
  lastReviewAt: string | null;
  lastRecommendation: string | null;
  flags: RegistryFlag[];
}

export interface RegistryPage {
  total: number;
  month: string;
  rows: RegistryRow[];
  flagCounts: Record<RegistryFlag, number>;
}

export interface Contact {
  id: string;
  mode: string;
  outcome: string;
  contactedAt: string;
  minutes: number | null;
  nextContactOn: string | null;
}

export interface Review {
  id: string;
  patientId: string;
  patientName: string;
  consultantName: string;
  recommendation: string;
  note: string;
  reviewedAt: string;
  minutes: number;
  taskStatus: 'pending' | 'accepted' | 'declined';
  decidedAt: string | null;
}

export interface RegistryPatient {
  episode: { endedOn: string | null };
  row: RegistryRow | null;
  scores: (ScorePoint & { instrument: string })[];
  contacts: Contact[];
  reviews: Review[];
}

export interface StartedVideoContact {
  consultId: string;
  visitId: string;
  participantId: string;
  url: string;
  expiresAt: string;
}

export const registryApi = {
  page: (q: Query) => api.get<RegistryPage>('/api/registry', q),
  patient: (id: string) =>
    api.get<RegistryPatient>(`/api/registry/patients/${id}`),
  /** A video contact: its call's minutes become the contact when it ends. */
  startVideoContact: (
    id: string,
    body: { role: 'patient' | 'guardian'; displayName: string },
  ) =>
    api.post<StartedVideoContact>(
      `/api/registry/patients/${id}/video-contacts`,
      body,
    ),
  logContact: (id: string, body: unknown) =>
    api.post<{ id: string }>(`/api/registry/patients/${id}/contacts`, body),
  /** Sets (or changes) a written contact's next contact date. */
  setNextContact: (contactId: string, nextContactOn: string) =>
    api.put<{ id: string; nextContactOn: string }>(
      `/api/registry/contacts/${contactId}/next-contact`,
      { nextContactOn },
    ),
  review: (id: string, body: unknown) =>
    api.post<{ id: string }>(`/api/registry/patients/${id}/reviews`, body),
  tasks: () => api.get<{ tasks: Review[] }>('/api/registry/tasks'),
  decide: (reviewId: string, decision: 'accepted' | 'declined') =>
    api.post(`/api/registry/tasks/${reviewId}/decision`, { decision }),
};
