import { api, type Query } from './api-client';

export interface AuditRow {
  id: number;
  at: string;
  userId: string | null;
  role: string | null;
  actorLabel: string | null;
  action: string;
  patientId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  outcome: 'allowed' | 'denied';
  requestId: string | null;
  clientIp: string | null;
  details: Record<string, unknown> | null;
  userName: string | null;
  patientName: string | null;
}

export interface AuditFilter extends Query {
  patientId?: string;
  userId?: string;
  patientName?: string;
  userName?: string;
  action?: string;
  outcome?: 'allowed' | 'denied' | '';
  from?: string;
  to?: string;
  limit?: number;
}

export const auditApi = {
  search: (f: AuditFilter) =>
    api.get<{ rows: AuditRow[] }>('/api/audit', f).then((r) => r.rows),
  exportCsv: (f: AuditFilter) =>
    api.download('/api/audit/export.csv', f, 'audit-log.csv'),
};
