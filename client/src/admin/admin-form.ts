import { ApiError } from '../api/api-error';
import type { UserInvite } from '../api/admin-api';

/** Roles as an administrator names them. */
export const ROLE_LABEL: Record<UserInvite['role'], string> = {
  pcp: 'PCP',
  psychiatrist: 'Psychiatrist',
  coordinator: 'Coordinator',
  admin: 'Administrator',
  biller: 'Biller',
  bh_clinician: 'Behavioral health clinician',
  care_manager: 'Care manager',
};

/** The server's problem with one field, for the field's own error line. */
export const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError ? error.fieldMessage(field) : undefined;

/** Today's local date in a time zone (the program's calendar), YYYY-MM-DD. */
export function localToday(timeZone?: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export function addLocalDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An instant as a wall-clock time in the program's time zone, zone named. */
export function inProgramZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
