import { reportsApi, type Report } from '../api/reports-api';
import { useAsync, type AsyncState } from '../ui/use-async';
import { useLiveEvent } from './live-context';

/** The consult's report, reloaded the moment the server says it changed. */
export function useLiveReport(consultId: string): AsyncState<Report | null> {
  const state = useAsync(() => reportsApi.get(consultId), [consultId]);
  // Pushed to the requesting PCP when the report is signed or gains an addendum.
  useLiveEvent('report:delivered', (p) => {
    if (p.consultId === consultId) state.reload();
  });
  return state;
}
