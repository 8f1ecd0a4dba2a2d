import type { z } from 'zod';
import type {
  inviteViewSchema,
  newParticipantSchema,
  visitViewSchema,
} from '../../../signaling/protocol/rest/visits';
import { api } from './api-client';

export type VisitView = z.infer<typeof visitViewSchema>;
export type InviteView = z.infer<typeof inviteViewSchema>;
export type NewParticipant = z.input<typeof newParticipantSchema>;
export type VisitParticipant = VisitView['participants'][number];

/** Virtual visits of a consult (server/visits): invite the family or an interpreter, admit them from the waiting room. */
export const visitsApi = {
  forConsult: (consultId: string) =>
    api
      .get<{ visits: VisitView[] }>(`/api/consults/${consultId}/visits`)
      .then((r) => r.visits),
  create: (consultId: string) =>
    api.post<VisitView>(`/api/consults/${consultId}/visits`, {}),
  invite: (visitId: string, p: NewParticipant) =>
    api.post<InviteView>(`/api/visits/${visitId}/participants`, p),
  admit: (visitId: string, participantId: string) =>
    api.post<unknown>(
      `/api/visits/${visitId}/participants/${participantId}/admit`,
      {},
    ),
  returnToWaiting: (visitId: string, participantId: string) =>
    api.post<unknown>(
      `/api/visits/${visitId}/participants/${participantId}/return-to-waiting`,
      {},
    ),
  remove: (visitId: string, participantId: string) =>
    api.post<unknown>(
      `/api/visits/${visitId}/participants/${participantId}/remove`,
      {},
    ),
  /** A fresh link for someone already invited (the older ones stop). */
  reissue: (visitId: string, participantId: string) =>
    api.post<InviteView>(
      `/api/visits/${visitId}/participants/${participantId}/invites`,
      {},
    ),
  /** Text a fresh link to the number on file (their consent to texts is recorded). */
  textLink: (visitId: string, participantId: string) =>
    api.post<InviteView>(
      `/api/visits/${visitId}/participants/${participantId}/sms-invite`,
      {},
    ),
  end: (visitId: string) => api.post<unknown>(`/api/visits/${visitId}/end`, {}),
  /** The psychiatrist confirms the visit's billing facts (place, service, interactive complexity). */
  attestBilling: (
    visitId: string,
    body: {
      patientLocation: 'home' | 'elsewhere';
      service: string;
      interactiveComplexity: string[];
    },
  ) => api.post<unknown>(`/api/visits/${visitId}/billing-attestation`, body),
  /** Twilio rings an invitee's number on file, or the clinician's own phone, into the visit's phone conference. */
  dialOut: (
    visitId: string,
    target: { participantId: string } | { phone: string },
  ) =>
    api.post<{ callSid: string; status: string }>(
      `/api/visits/${visitId}/dial-out`,
      target,
    ),
};

/** The visit a consult's clinicians should be in: the newest one not over. */
export function activeVisit(visits: readonly VisitView[]): VisitView | null {
  return (
    [...visits]
      .reverse()
      .find((v) => v.status === 'scheduled' || v.status === 'in_progress') ??
    null
  );
}

/** Blocker codes as sentences for the clinician deciding whether to admit. */
export const BLOCKER_SENTENCES: Record<string, string> = {
  identity_not_confirmed: 'has not confirmed their identity yet',
  telehealth_consent_missing: 'has not agreed to the telehealth consent yet',
  guardian_consent_missing: "the guardian's consent for this minor is missing",
  interpreter_confidentiality_missing: 'has not agreed to confidentiality yet',
  not_waiting: 'is not in the waiting room yet',
};
