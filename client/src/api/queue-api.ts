import type { QueueBoard } from '../../../signaling/protocol/rest/queue-board';
import type { Availability } from '../../../signaling/protocol/statuses';
import type { OfferEvent } from '../../../signaling/protocol/queue-events';
import type { LiveConnection } from '../live/live-connection';
import { api } from './api-client';

export type { Availability, OfferEvent };

/** The coordinator's board, as the wire contract describes it. */
export type { QueueBoard };
export type BoardRequest = QueueBoard['requests'][number];
export type TriageRequest = QueueBoard['triage'][number];
export type OnDutyPsychiatrist = QueueBoard['psychiatrists'][number];

export interface Escalation {
  consultId: string;
  level?: number;
  kind?: 'escalation' | 'sla_breach' | 'emergency' | 'expired' | string;
  message?: string;
  at?: string;
}

/** The psychiatrist's side of the queue goes over the socket (signaling/protocol/queue-events.ts). */
export function psychiatristQueue(live: LiveConnection) {
  return {
    setAvailability: (status: Exclude<Availability, 'busy'>) =>
      live.request<{ status: Availability }>('queue:set-availability', {
        status,
      }),
    myState: () =>
      live.request<{ status: Availability; offer: OfferEvent | null }>(
        'queue:my-state',
        {},
      ),
    accept: (offerId: string) =>
      live.request<{ consultId: string; status: 'accepted' }>('queue:accept', {
        offerId,
      }),
    decline: (
      offerId: string,
      reason: 'busy' | 'not_my_specialty' | 'other' = 'other',
    ) => live.request<unknown>('queue:decline', { offerId, reason }),
  };
}

export const queueApi = {
  board: () => api.get<QueueBoard>('/api/queue'),
  /** Coordinator triage. */
  forward: (consultId: string) =>
    api.post<unknown>(`/api/consults/${consultId}/forward`),
  resolve: (consultId: string, resources: string[], note?: string) =>
    api.post<unknown>(`/api/consults/${consultId}/resolve`, {
      resources,
      note,
    }),
  editCategories: (consultId: string, reasonCategories: string[]) =>
    api.patch<unknown>(`/api/consults/${consultId}/triage`, {
      reasonCategories,
    }),
};
