import type { ClinicianMinutes } from '../api/billing-api';

/** What each loggable activity is called on screen. */
export const ACTIVITY_LABELS: Record<string, string> = {
  report_writing: 'Report writing',
  chart_review: 'Chart review',
  referral_prep: 'Referral preparation',
  pcp_discussion: 'Talking with the requesting clinician (off the platform)',
  consultant_discussion: 'Talking with the psychiatrist (off the platform)',
};

/** Activities each clinician logs by hand (server/billing/ledger-entry-input.ts). */
export const LOGGABLE = {
  psychiatrist: ['report_writing', 'chart_review'],
  pcp: ['chart_review', 'referral_prep'],
} as const;

const CLASS_LABELS: Record<string, string> = {
  discussion: 'discussion',
  data_review: 'chart review',
  report_writing: 'report writing',
  referral_prep: 'referral prep',
  care_management: 'care management',
};

/** Tenths of a minute, the way the parts are shown: 6.6 min. */
const tenths = (m: number) => `${(Math.round(m * 10) / 10).toFixed(1)} min`;

/**
 * One clinician's time in one sentence whose numbers agree: the parts with
 * one decimal and the total as the whole minutes that count for billing.
 * "6 min counted: 6.6 discussion" rounds down because CPT counts completed
 * minutes; saying so keeps "6 min" and "6.6" from looking contradictory.
 */
export function timeSentence(t: ClinicianMinutes): string {
  const parts = Object.entries(t.byClass)
    .filter(([, m]) => m > 0)
    .map(([k, m]) => `${CLASS_LABELS[k] ?? k.replace(/_/g, ' ')} ${tenths(m)}`);
  const whole = `${t.minutes} whole minute${t.minutes === 1 ? '' : 's'} counted`;
  return parts.length ? `${whole} (${parts.join(', ')})` : whole;
}
