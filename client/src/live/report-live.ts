import { reportsApi, type Report } from '../api/reports-api';
import { useAsync, type AsyncState } from '../ui/use-async';
import { useLiveEvent } from './live-context';

/** The consult's report, reloaded the moment the server says it changed. */
export function useLiveReport(consultId: string): AsyncState<Report | null> {
  const state = useAsync(() => reportsApi.get(consultId), [consultId]);
  const onChange = (p: { consultId?: string }) => {
    if (!p?.consultId || p.consultId === consultId) state.reload();
  };
  // Pushed to the requesting PCP when the report is signed or gains an addendum (server/reports).
  useLiveEvent('report:delivered', null, onChange);
  return state;
}
