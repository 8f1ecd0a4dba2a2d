import { api, type Query } from './api-client';

export type BillingStatus = 'ready' | 'held' | 'blocked' | 'exported';

/** One billing line version with the coding engine's reasons (server/billing). */
export interface BillingLine {
  /** Absent in the clinician's view of a consult (codes and status only). */
  id?: string;
  lineKey?: string;
  version?: number;
  consultId: string | null;
  patientId?: string;
  code: string;
  units?: number;
  status: BillingStatus | string;
  /** What the biller sees: exported, or the line's own status. */
  viewStatus?: BillingStatus | string;
  billingClinicianId?: string;
  billingClinicianName?: string | null;
  billingClinicianNpi?: string | null;
  dateOfService: string;
  placeOfService?: string | null;
  modifiers?: string[];
  minutes?: number | null;
  reasons?: (string | Reason)[];
  payer?: string;
}

export interface Reason {
  rule?: string;
  outcome?: 'counted' | 'allowed' | 'held' | 'blocked' | 'info' | string;
  message: string;
}

/** Minutes per clinician for one consult, from call events and ledger entries. */
export interface ClinicianMinutes {
  clinicianId: string;
  /** Whole counted minutes (CPT counts completed minutes). */
  minutes: number;
  /** Minutes per class of work: discussion, data review, report writing… */
  byClass: Record<string, number>;
  overlapMinutes: number;
}

export interface TimeSummary {
  consultant: ClinicianMinutes | null;
  requesting: ClinicianMinutes | null;
  entries: {
    id: string;
    activity: string;
    role: string;
    clinicianId?: string;
    minutes: number | null;
    startedAt: string;
    endedAt: string | null;
    supersededBy?: string | null;
    voids?: boolean;
  }[];
  unfinishedCalls: string[];
}

export interface BillingFilter extends Query {
  /** A calendar month, YYYY-MM. */
  period?: string;
  status?: string;
}

interface ExportRecord {
  id: string;
  period: string;
  format: 'csv' | 'fhir';
  lineCount: number;
  reused: boolean;
}

export const reasonText = (r: string | Reason) =>
  typeof r === 'string' ? r : r.message;
export const lineStatus = (l: BillingLine) => l.viewStatus ?? l.status;

/** Makes (or reuses, when nothing changed) the period's export, then downloads its exact file. */
async function exportPeriod(
  period: string,
  format: 'csv' | 'fhir',
): Promise<ExportRecord> {
  const exp = await api.post<ExportRecord>('/api/billing/exports', {
    period,
    format,
  });
  // Nothing ready: no empty file to download (the screen says so).
  if (exp.lineCount === 0) return exp;
  await api.download(
    `/api/billing/exports/${exp.id}/file`,
    undefined,
    `billing-${period}.${format === 'csv' ? 'csv' : 'fhir.json'}`,
  );
  return exp;
}

export const billingApi = {
  lines: (f: BillingFilter) =>
    api
      .get<{ lines: BillingLine[] }>('/api/billing/lines', f)
      .then((r) => r.lines),
  /** Lines of one consult (a psychiatrist sees codes and status only). */
  forConsult: (consultId: string) =>
    api
      .get<{ lines: BillingLine[] }>(`/api/consults/${consultId}/billing`)
      .then((r) => r.lines),
  timeSummary: (consultId: string) =>
    api.get<TimeSummary>(`/api/consults/${consultId}/time`),
  /** Your own work off the call on a consult (report writing, chart review, referral prep). */
  logTime: (
    consultId: string,
    entry: { activity: string; startedAt: string; minutes: number },
  ) => api.post<{ id: string }>(`/api/consults/${consultId}/time`, entry),
  exportCsv: (period: string) => exportPeriod(period, 'csv'),
  exportFhir: (period: string) => exportPeriod(period, 'fhir'),
};
