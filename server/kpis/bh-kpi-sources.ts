import type { Database } from '../db/database';
import {
  engagementFigures,
  screeningFigures,
  symptomChangeFigures,
  warmHandoffFigures,
} from './bh-kpi-figures';
import {
  loadCareSpans,
  loadHandoffFacts,
  loadReferralFacts,
  loadScoreFacts,
} from './bh-kpi-repository';
import type { KpiSectionSource } from './kpi-sections';

/**
 * The four sections the handoff, episode and screening modules feed, in
 * the order the page shows them: each loads its facts, then computes.
 */
export function bhKpiSections(db: Database): KpiSectionSource[] {
  return [
    {
      key: 'warmHandoffs',
      title: 'Warm handoffs',
      figures: async (scope) =>
        warmHandoffFigures(await loadHandoffFacts(db, scope), scope.period),
    },
    {
      key: 'engagement',
      title: 'Engagement after referral',
      figures: async (scope) =>
        engagementFigures(await loadReferralFacts(db, scope), scope.period),
    },
    {
      key: 'screening',
      title: 'Screening rate',
      figures: async (scope) => {
        const [care, scores] = await Promise.all([
          loadCareSpans(db, scope),
          loadScoreFacts(db, scope),
        ]);
        return screeningFigures(care, scores, scope.period);
      },
    },
    {
      key: 'symptomChange',
      title: 'Symptom change',
      figures: async (scope) =>
        symptomChangeFigures(await loadScoreFacts(db, scope), scope.period),
    },
  ];
}
