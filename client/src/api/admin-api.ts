import type {
  AdminUser,
  Practice,
  PracticeInput,
  UserInvite,
} from '../../../signaling/protocol/rest/admin';
import type { ProgramHours } from '../../../signaling/protocol/rest/program-hours';
import type {
  Shift,
  ShiftInput,
} from '../../../signaling/protocol/rest/roster';
import { api } from './api-client';

export type {
  AdminUser,
  Practice,
  PracticeInput,
  ProgramHours,
  Shift,
  ShiftInput,
  UserInvite,
};

export interface HoursStatus {
  configured: boolean;
  open: boolean;
  timeZone: string;
  nextOpening: string | null;
  crisisGuidance: string;
}

/** Program administration (server/program-ops): practices, users, hours, roster. */
export const adminApi = {
  practices: () =>
    api
      .get<{ practices: Practice[] }>('/api/admin/practices')
      .then((r) => r.practices),
  enrolPractice: (p: PracticeInput) =>
    api.post<Practice>('/api/admin/practices', p),
  updatePractice: (id: string, p: PracticeInput) =>
    api.put<Practice>(`/api/admin/practices/${encodeURIComponent(id)}`, p),
  users: () =>
    api.get<{ users: AdminUser[] }>('/api/admin/users').then((r) => r.users),
  invite: (u: UserInvite) =>
    api.post<{ user: AdminUser; inviteUrl: string }>('/api/admin/users', u),
  deactivate: (id: string) =>
    api.post<AdminUser>(
      `/api/admin/users/${encodeURIComponent(id)}/deactivate`,
    ),
  hours: () =>
    api.get<{ hours: ProgramHours; status: HoursStatus }>('/api/program/hours'),
  setHours: (h: ProgramHours) => api.put<ProgramHours>('/api/program/hours', h),
  roster: (from: string, to: string) =>
    api.get<{ timeZone: string; shifts: Shift[] }>('/api/program/roster', {
      from,
      to,
    }),
  addShift: (s: ShiftInput) => api.post<Shift>('/api/admin/roster/shifts', s),
  removeShift: (id: string) =>
    api.delete<void>(`/api/admin/roster/shifts/${encodeURIComponent(id)}`),
};

/** Setting a password with an invitation link (no session yet). */
export async function acceptInvitation(
  token: string,
  password: string,
): Promise<{ email: string }> {
  return api.post<{ email: string }>('/api/invitations/accept', {
    token,
    password,
  });
}
