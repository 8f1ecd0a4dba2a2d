import type { InstrumentSummary } from '../../signaling/protocol/rest/assessments';
import { maxTotalOf } from './assessment';
import { INSTRUMENTS } from './instruments';

/** The registry as the clinician's screens read it. */
export function instrumentSummaries(): InstrumentSummary[] {
  return [...INSTRUMENTS.values()].map((i) => ({
    id: i.id,
    name: i.name,
    title: i.title,
    respondents: [...i.respondents],
    ages: i.ages ? { min: i.ages.min, max: i.ages.max ?? null } : null,
    maxTotal: maxTotalOf(i.id),
    bands: i.bands.map(({ id, label, min, max }) => ({ id, label, min, max })),
    items: i.items.map((item) => ({
      label: item.clinicianLabel,
      optionCount: item.answers.options.length,
      optional: item.optional === true,
    })),
    selfReport: {
      allowed: i.selfReportAllowed,
      languages: i.selfReportAllowed ? [...i.languages] : [],
    },
    source: i.source,
    terms: i.terms,
  }));
}
