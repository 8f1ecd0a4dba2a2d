import { reportsApi, type Report } from '../api/reports-api';
import { useAsync, type AsyncState } from '../ui/use-async';
import { THREAD_READ } from '../econsult/UnreadBadge';
import { useLiveEvent } from './live-context';

/** The consult's report, reloaded the moment the server says it changed. */
export function useLiveReport(consultId: string): AsyncState<Report | null> {
  const state = useAsync(async () => {
    const report = await reportsApi.get(consultId);
    // Reading a delivered reply marked it read: the badge counts again.
    if (report) window.dispatchEvent(new Event(THREAD_READ));
    return report;
  }, [consultId]);
  // Pushed to the requesting PCP when the report is signed or gains an addendum.
  useLiveEvent('report:delivered', (p) => {
    if (p.consultId === consultId) state.reload();
  });
  return state;
}
