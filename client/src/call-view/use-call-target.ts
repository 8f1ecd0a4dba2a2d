import { useCallback, useEffect, useState } from 'react';
import { activeVisit, visitsApi, type VisitView } from '../api/visits-api';
import { useLive, useLiveEvent, useOnConnect } from '../live/live-context';
import type { CallTarget } from './use-call';

/**
 * Which call the consult's clinicians should be in. A consult call is just the
 * two clinicians; once the family or an interpreter is invited, the consult
 * moves to its visit's call (the one visitors are admitted into), for both.
 */
export function useCallTarget(consultId: string): {
  target: CallTarget | null;
  visit: VisitView | null;
  setVisit(v: VisitView): void;
  refresh(): void;
} {
  const live = useLive();
  const [visit, setVisitState] = useState<VisitView | null>(null);
  const [resolved, setResolved] = useState(false);
  const refresh = useCallback(() => {
    visitsApi.forConsult(consultId).then(
      (list) => {
        const v = activeVisit(list);
        setVisitState((cur) => (cur?.id === v?.id ? cur : v));
        setResolved(true);
      },
      // Visits unavailable or not allowed: the consult call alone still works.
      () => setResolved(true),
    );
  }, [consultId]);
  useEffect(refresh, [refresh]);

  // Follow the waiting room of the visit (again after every reconnect: rooms do not survive one).
  const visitId = visit?.id ?? null;
  const watch = useCallback(() => {
    if (!visitId) return;
    live.request<VisitView>('visit:watch', { visitId }).then(
      (v) =>
        setVisitState((cur) =>
          cur && cur.id === v.id ? { ...cur, ...v } : cur,
        ),
      () => undefined,
    );
  }, [live, visitId]);
  useEffect(() => {
    watch();
    return () => {
      if (visitId)
        void live.request('visit:unwatch', { visitId }).catch(() => undefined);
    };
  }, [watch, live, visitId]);
  useOnConnect(watch);
  useLiveEvent('visit:lobby', (e) => {
    setVisitState((v) =>
      v && v.id === e.visitId
        ? { ...v, status: e.status, participants: e.participants }
        : v,
    );
  });

  // A phone leg rang, joined or left: reload the visit for its phone lines (the push carries no names).
  useLiveEvent('visit:phone', (e) => {
    if (e.visitId === visitId) watch();
  });

  const setVisit = useCallback((v: VisitView) => setVisitState(v), []);
  const target: CallTarget | null = !resolved
    ? null
    : visit
      ? { visitId: visit.id }
      : { consultId };
  return { target, visit, setVisit, refresh };
}
