import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { PushData, PushEvent } from '../../../signaling/protocol/pushes';
import { LiveConnection, type LiveState } from './live-connection';

const LiveContext = createContext<LiveConnection | null>(null);

/** Opens one socket for the signed-in clinician and closes it on sign-out. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [conn, setConn] = useState<LiveConnection | null>(null);
  useEffect(() => {
    const c = new LiveConnection();
    setConn(c);
    return () => c.close();
  }, []);
  if (!conn) return null;
  return <LiveContext.Provider value={conn}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveConnection {
  const c = useContext(LiveContext);
  if (!c) throw new Error('useLive outside LiveProvider');
  return c;
}

export function useLiveState(): LiveState {
  const live = useLive();
  const [state, setState] = useState(live.current);
  useEffect(() => {
    setState(live.current);
    return live.onState(setState);
  }, [live]);
  return state;
}

/** Calls `handler` for each valid push of `event`; the latest handler is always used without resubscribing. */
export function useLiveEvent<E extends PushEvent>(
  event: E,
  handler: (payload: PushData<E>) => void,
): void {
  const live = useLive();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.on(event, (p) => ref.current(p)), [live, event]);
}

/** Runs `effect` each time the socket (re)connects: re-subscribe to rooms, refetch state missed while offline. */
export function useOnConnect(effect: () => void): void {
  const live = useLive();
  const ref = useRef(effect);
  ref.current = effect;
  useEffect(() => {
    const run = () => ref.current();
    if (live.socket.connected) run();
    live.socket.on('connect', run);
    return () => void live.socket.off('connect', run);
  }, [live]);
}
