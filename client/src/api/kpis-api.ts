import { api } from './api-client';

/** One figure of the KPI page (server/kpis): ids come from drill(). */
export interface FigureView {
  numerator: number;
  denominator: number | null;
}
export type Breakdown = Record<string, FigureView>;

export interface KpiPage {
  period: { from: string; to: string; timeZone: string; days: number };
  consults: {
    total: FigureView;
    byType: Breakdown;
    byReason: Breakdown;
    byUrgency: Breakdown;
    byDisposition: Breakdown;
    byDiagnosis: Breakdown;
    completed: FigureView;
    expired: FigureView;
    cancelled: FigureView;
  };
  reach: {
    practicesEnrolled: FigureView;
    practicesServed: FigureView;
    providersEnrolled: FigureView;
    providersServed: FigureView;
    enrolledPracticeDays: number;
  };
  patients: {
    served: FigureView;
    byAgeBand: Breakdown;
    rural: FigureView;
    byLanguage: Breakdown;
    interpreterUsed: FigureView;
  };
  callback: {
    targetMinutes: number;
    measured: FigureView;
    medianMinutes: number | null;
    p90Minutes: number | null;
    withinTarget: FigureView;
  };
  trainings: {
    sessions: FigureView;
    attendees: FigureView;
    minutes: number;
    cmeCredits: number;
  };
  sections: { key: string; title: string; status: string }[];
}

export const kpisApi = {
  page: (from: string, to: string) =>
    api.get<KpiPage>('/api/program/kpis', { from, to }),
  drill: (from: string, to: string, figure: string) =>
    api.get<FigureView & { figure: string; ids: string[] }>(
      '/api/program/kpis/drill',
      { from, to, figure },
    ),
  pmhca: (from: string, to: string) =>
    api.post<{ id: string; sha256: string }>('/api/program/reports/pmhca', {
      from,
      to,
    }),
};
