import type {
  CloseEpisode,
  EpisodeReportDraft,
} from '../../../signaling/protocol/rest/episodes';
import { api } from './api-client';

/** Warm handoffs and behavioral health episodes (docs/behavioral-health.md). */
export interface Handoff {
  id: string;
  consultId: string;
  patientId: string;
  /** The screening alert it was asked from, if any. */
  alertId: string | null;
  state: 'ringing' | 'answered' | 'in_call' | 'ended' | 'fell_back';
  requestedAt: string;
  dueAt: string;
  secondsToAnswer: number | null;
  episodeId: string | null;
}

export interface Episode {
  id: string;
  patientId: string;
  clinicianId: string | null;
  origin: 'warm_handoff' | 'scheduled';
  referredAt: string;
  scheduledFor: string | null;
  sessionLimit: number;
  status: 'open' | 'closed';
  outcome: string | null;
  stepUpConsultId: string | null;
  /** On lists only. */
  patientName?: string;
}

export interface EpisodeSession {
  id: string;
  number: number;
  mode: string;
  heldAt: string;
  minutes: number;
  focus: string;
  interventions: string[];
  homework: string;
  riskLevel: string;
  instrument: string | null;
  score: number | null;
  billing: { billable: boolean; reason: string };
}

export interface EpisodeReport extends EpisodeReportDraft {
  id: string;
  status: 'draft' | 'signed';
  signedAt: string | null;
}

export interface EpisodeDetail {
  episode: Episode;
  sessions: EpisodeSession[];
  report: EpisodeReport | null;
  people: {
    patientName: string;
    patientBirthDate: string;
    practiceName: string;
    referredByName: string;
    clinicianName: string;
  };
}

export const episodesApi = {
  requestHandoff: (patientId: string, alertId?: string) =>
    api.post<Handoff>(
      `/api/patients/${patientId}/handoffs`,
      alertId ? { alertId } : {},
    ),
  handoff: (consultId: string) =>
    api.get<Handoff>(`/api/consults/${consultId}/handoff`),
  list: () =>
    api.get<{ episodes: Episode[] }>('/api/episodes').then((r) => r.episodes),
  get: (id: string) => api.get<EpisodeDetail>(`/api/episodes/${id}`),
  addSession: (id: string, body: unknown) =>
    api.post<EpisodeSession>(`/api/episodes/${id}/sessions`, body),
  saveReport: (id: string, body: EpisodeReportDraft) =>
    api.put<EpisodeReport>(`/api/episodes/${id}/report`, body),
  signReport: (id: string) =>
    api.post<EpisodeReport>(`/api/episodes/${id}/report/sign`),
  close: (id: string, body: CloseEpisode) =>
    api.post<{ episode: Episode; stepUpConsultId: string | null }>(
      `/api/episodes/${id}/close`,
      body,
    ),
};
