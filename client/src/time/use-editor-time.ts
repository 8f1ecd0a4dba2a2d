import { useCallback, useRef, useState } from 'react';
import { suggestedReportMinutes } from './editor-time';

/** At most one mark per this interval: typing makes many events. */
const MARK_EVERY_MS = 5_000;

/**
 * Records when the person works in an editor (keys, focus), per tab:
 * kept in sessionStorage under `key` so a reload does not lose the time,
 * and gone with the tab on a shared clinic computer.
 */
export function useEditorTime(key: string) {
  const storageKey = `editor-time:${key}`;
  const read = (): number[] => {
    try {
      const v = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]');
      return Array.isArray(v) ? v.filter((x) => typeof x === 'number') : [];
    } catch {
      return [];
    }
  };
  const marks = useRef<number[]>(read());
  const [count, setCount] = useState(marks.current.length);
  const mark = useCallback(() => {
    const now = Date.now();
    const last = marks.current[marks.current.length - 1] ?? 0;
    if (now - last < MARK_EVERY_MS) return;
    marks.current = [...marks.current, now];
    sessionStorage.setItem(storageKey, JSON.stringify(marks.current));
    setCount(marks.current.length);
  }, [storageKey]);
  return {
    /** Call on input and focus in the editor. */
    mark,
    marks: count >= 0 ? marks.current : [],
    suggest: (loggedMinutes: number) =>
      suggestedReportMinutes(marks.current, loggedMinutes),
  };
}
