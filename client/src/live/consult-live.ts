import { useCallback } from 'react';
import { consultsApi, type Consult } from '../api/consults-api';
import { useAsync, type AsyncState } from '../ui/use-async';
import type { ConsultStatusEvent } from '../../../signaling/protocol/queue-events';
import { useLiveEvent, useOnConnect } from './live-context';

/**
 * The PCP's live status of a request (queue module): status, place in line,
 * estimated wait, the psychiatrist once accepted, and a sentence to show.
 */
export type ConsultUpdate = ConsultStatusEvent;

export function applyUpdate(c: Consult, u: ConsultUpdate): Consult {
  return {
    ...c,
    status: u.status,
    position: u.position,
    estimatedWaitMinutes: u.estimatedWaitMinutes,
    targetMinutes: u.targetMinutes,
    emergency: u.emergency,
    urgency: u.urgency,
    statusMessage: u.message,
    noPsychiatristOnDuty: u.noPsychiatristOnDuty,
    noEligiblePsychiatrist: u.noEligiblePsychiatrist,
    crisisGuidance: u.crisisGuidance,
    ...(u.assignedPsychiatrist
      ? {
          assignedPsychiatristId: u.assignedPsychiatrist.id,
          assignedPsychiatristName: u.assignedPsychiatrist.displayName,
        }
      : {}),
  };
}

const idOf = (u: ConsultUpdate) => u.consultId;

/** Hands each status push to `handler`. */
export function useConsultUpdates(handler: (u: ConsultUpdate) => void): void {
  useLiveEvent('queue:consult-status', handler);
}

/** One consult kept current: loaded over REST, patched by live events, reloaded after a reconnect. */
export function useLiveConsult(consultId: string): AsyncState<Consult> {
  const state = useAsync<Consult>(
    () => consultsApi.get(consultId),
    [consultId],
  );
  const reload = state.reload;
  useConsultUpdates((u: ConsultUpdate) => {
    if (idOf(u) !== consultId) return;
    // Newly accepted: read the psychiatrist's name and credentials again.
    const people = state.data?.people;
    if (people && u.assignedPsychiatrist && !people.psychiatrist) reload();
    state.set((c) => (c ? applyUpdate(c, u) : c));
  });
  useOnConnect(useCallback(() => reload(), [reload]));
  return state;
}

/** A list of consults kept current the same way. */
export function useLiveConsultList(
  load: () => Promise<Consult[]>,
  deps: readonly unknown[],
): AsyncState<Consult[]> {
  const state = useAsync(load, deps);
  useConsultUpdates((u: ConsultUpdate) => {
    const id = idOf(u);
    // A consult we have never seen (new request, new offer): fetch the list again.
    if (!state.data?.some((c) => c.id === id)) return state.reload();
    state.set((list) =>
      list?.map((c) => (c.id === id ? applyUpdate(c, u) : c)),
    );
  });
  const reload = state.reload;
  useOnConnect(useCallback(() => reload(), [reload]));
  return state;
}
