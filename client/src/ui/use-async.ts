import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data locally (after a live event) without refetching. */
  set(update: (prev: T | undefined) => T | undefined): void;
}

/** Loads data for a screen and reloads it on demand; stale answers from earlier loads are ignored. */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => {
    const n = ++seq.current;
    setLoading(true);
    loadRef.current().then(
      (d) => {
        if (n !== seq.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, []);
  // Reloads when the caller's deps change (`reload` itself never does).
  // biome-ignore lint/correctness/useExhaustiveDependencies: caller's deps
  useEffect(reload, deps);
  return { data, error, loading, reload, set: setData };
}

/** Runs an action with busy and error state for a button or form. */
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): {
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  clear(): void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await fnRef.current(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, clear: () => setError(undefined) };
}

/** Seconds since a server timestamp, ticking every second. `serverOffsetMs` corrects the browser clock. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
