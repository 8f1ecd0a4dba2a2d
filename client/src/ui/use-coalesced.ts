import { useCallback, useEffect, useRef } from 'react';

/**
 * Runs `fn` at most once per `ms`, and always once after the last call: a
 * burst of live events (hundreds a second at a busy hour) becomes a few
 * reloads, and the view still ends on the newest state.
 */
export function useCoalesced(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const s = useRef<{
    last: number;
    timer: ReturnType<typeof setTimeout> | null;
  }>({ last: 0, timer: null });
  useEffect(
    () => () => {
      if (s.current.timer) clearTimeout(s.current.timer);
    },
    [],
  );
  return useCallback(() => {
    const state = s.current;
    // A run is already due after this call: it will see this change too.
    if (state.timer) return;
    state.timer = setTimeout(
      () => {
        state.timer = null;
        state.last = Date.now();
        fnRef.current();
      },
      Math.max(0, state.last + ms - Date.now()),
    );
  }, [ms]);
}
