/** Display helpers. Durations shown to clinicians come from server timestamps, never the browser clock alone. */

export function minutesLabel(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes))
    return 'unknown';
  const m = Math.max(0, Math.round(minutes));
  if (m < 1) return 'under a minute';
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: 'numeric',
    minute: '2-digit',
  });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export function dateOnly(iso: string | null | undefined): string {
  if (!iso) return '';
  // Plain dates (YYYY-MM-DD) are calendar days, not instants: never shift them by time zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d).toLocaleDateString(undefined, {
      dateStyle: 'medium',
    });
  }
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** mm:ss for countdowns and call timers. */
export function mmss(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Words for an enum value: `clinician_consult` -> `Clinician consult`. */
export function humanize(v: string | null | undefined): string {
  if (!v) return '';
  const s = v.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A visit's 8-digit phone code in two groups of four: easier to read aloud and to type. */
export const visitCodeLabel = (code: string) =>
  code.replace(/^(\d{4})(\d{4})$/, '$1 $2');
