import { useCallback, useEffect } from 'react';
import { econsultsApi } from '../api/econsults-api';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { Link, usePath } from '../shell/router';
import { useAsync } from '../ui/use-async';

/** A window event: a thread was read (so marked read) on this screen. */
export const THREAD_READ = 'econsult-thread-read';

/**
 * The in-app badge: eConsult messages and written replies addressed to me
 * and not read yet, linking to the first such consult. Current by the
 * `econsult:message` and `report:delivered` pushes; read again on each
 * screen change (opening a thread or a reply marks it read).
 */
export function UnreadBadge() {
  const path = usePath();
  const unread = useAsync(() => econsultsApi.unread(), []);
  const reload = unread.reload;
  useLiveEvent('econsult:message', () => reload());
  useLiveEvent('report:delivered', () => reload());
  useOnConnect(useCallback(() => reload(), [reload]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the screen changes
  useEffect(() => reload(), [path, reload]);
  useEffect(() => {
    window.addEventListener(THREAD_READ, reload);
    return () => window.removeEventListener(THREAD_READ, reload);
  }, [reload]);
  const total = unread.data?.total ?? 0;
  const first = unread.data?.byConsult.find((u) => u.unread > 0);
  if (!total || !first) return null;
  return (
    <Link
      className="unread-badge"
      to={`/consults/${first.consultId}`}
      data-testid="econsult-unread"
    >
      {total} unread eConsult {total === 1 ? 'message' : 'messages'}
    </Link>
  );
}
