import type { BillingLine } from '../api/billing-api';

/**
 * What service a line bills, in the biller's words, read from its stable key
 * (server/billing: `ip:`, `cocm:`, `bhi:`, `visit:`) and, for a telehealth
 * visit, whether the patient was on video or audio only.
 */
export function serviceKind(line: BillingLine): string | null {
  const key = line.lineKey ?? '';
  if (key.startsWith('visit:')) {
    const rules = (line.reasons ?? []).map((r) =>
      typeof r === 'string' ? '' : (r.rule ?? ''),
    );
    const how = rules.includes('modality.audio_only')
      ? 'audio only'
      : rules.includes('modality.audio_video')
        ? 'audio-video'
        : null;
    const what = key.endsWith(':complexity')
      ? 'Interactive complexity'
      : 'Telehealth visit';
    return how ? `${what} (${how})` : what;
  }
  if (key.startsWith('ip:')) return 'Interprofessional consult';
  if (key.startsWith('cocm:')) return 'Collaborative care month';
  if (key.startsWith('bhi:')) return 'Behavioral health integration month';
  return null;
}

const PLACES: Record<string, string> = {
  '02': 'telehealth, not at home',
  '10': 'telehealth, at home',
  '11': 'office',
};

/** "POS 10 (telehealth, at home)". */
export function placeLabel(pos: string | null | undefined): string {
  if (!pos) return '–';
  const words = PLACES[pos];
  return words ? `POS ${pos} (${words})` : `POS ${pos}`;
}
