import type { Figure } from './kpi-figure';
import type { KpiPeriod } from './kpi-period';

/**
 * A section another module contributes to the KPI page (warm handoffs,
 * registry engagement, screening rate, symptom change). Each module that owns
 * the data hands compose.ts a source; until it exists the section is listed
 * as pending and reads "not collected yet".
 */
export interface KpiSectionSource {
  key: string;
  title: string;
  /** null: this program does not collect it yet. */
  figures:
    | ((scope: {
        programId: string;
        period: KpiPeriod;
      }) => Promise<Record<string, Figure>>)
    | null;
}

export type KpiSection =
  | {
      key: string;
      title: string;
      status: 'collected';
      figures: Record<string, Figure>;
    }
  | { key: string; title: string; status: 'not_collected_yet' };

/**
 * The same four sections, uncollected: compose.ts now wires bhKpiSections
 * (bh-kpi-sources.ts); this list stays for the page benchmark, which
 * measures the consult figures alone.
 */
export const PENDING_SECTIONS: readonly KpiSectionSource[] = [
  { key: 'warmHandoffs', title: 'Warm handoffs', figures: null },
  { key: 'engagement', title: 'Engagement after referral', figures: null },
  { key: 'screening', title: 'Screening rate', figures: null },
  { key: 'symptomChange', title: 'Symptom change', figures: null },
];

/** Each source's figures for the period, in the order given. */
export async function collectSections(
  sources: readonly KpiSectionSource[],
  scope: { programId: string; period: KpiPeriod },
): Promise<KpiSection[]> {
  return Promise.all(
    sources.map(async (s): Promise<KpiSection> => {
      if (!s.figures)
        return { key: s.key, title: s.title, status: 'not_collected_yet' };
      return {
        key: s.key,
        title: s.title,
        status: 'collected',
        figures: await s.figures(scope),
      };
    }),
  );
}
