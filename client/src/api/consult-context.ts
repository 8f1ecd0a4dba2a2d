import type { Consult, ConsultPeople } from './consults-api';

/**
 * What a psychiatrist needs to decide and to talk: why a request is urgent,
 * who asks and how to reach them. Pure functions over the consult, so the
 * ring, the consult page, the call pane and the report say it the same way.
 */

const INSTRUMENT_NAMES: Record<string, string> = {
  phq9: 'PHQ-9',
  phqa: 'PHQ-A',
};

type Screened = Pick<Consult, 'screening' | 'people'>;

/** The request's screen: typed items (older requests) or the attached assessment. */
function screenOf(
  c: Screened,
): { name: string; score: number | null; item9: number | null } | null {
  const s = c.screening;
  if (s)
    return {
      name: INSTRUMENT_NAMES[s.instrument] ?? s.instrument.toUpperCase(),
      score: s.items.reduce((a, b) => a + b, 0),
      item9: s.items[8] ?? 0,
    };
  const a = c.people?.screen;
  if (!a) return null;
  return {
    name: INSTRUMENT_NAMES[a.instrument] ?? a.instrument.toUpperCase(),
    score: a.total,
    item9: a.item9,
  };
}

/** "PHQ-A score 14, item 9 = 1", or null without a screen. */
export function screeningSummary(c: Screened): string | null {
  const s = screenOf(c);
  if (!s) return null;
  return [
    `${s.name} score ${s.score ?? 'not scored'}`,
    s.item9 !== null ? `item 9 = ${s.item9}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Why the request is urgent, in the words the ring shows; null when routine. */
export function urgencyReasonText(
  c: Pick<Consult, 'urgency' | 'urgencyReason' | 'emergency'> & Screened,
): string | null {
  const s = screenOf(c);
  if (c.urgencyReason === 'screening_item9_positive' && s) {
    const item9 =
      s.item9 !== null ? `item 9 = ${s.item9}` : 'positive safety item';
    return `${s.name} ${item9} (thoughts of self-harm), score ${s.score ?? '–'}`;
  }
  if (c.urgencyReason === 'screening_item9_positive')
    return 'Positive safety item on the attached screen';
  if (c.emergency) return 'Marked an emergency by the requesting clinician';
  if (c.urgency === 'urgent')
    return 'Marked urgent by the requesting clinician';
  return null;
}

/** "Dr. Paula Chen (pediatrics), MD". */
export function clinicianLabel(
  p: { name: string; credentials: string | null } | null | undefined,
): string {
  if (!p) return '–';
  return p.credentials ? `${p.name}, ${p.credentials}` : p.name;
}

/** The number to call the requester back on: theirs for a phone consult, else the practice's. */
export function callbackNumber(
  c: Pick<Consult, 'callbackPhone'>,
  people: ConsultPeople | null | undefined,
): string | null {
  return c.callbackPhone ?? people?.requester.practicePhone ?? null;
}

/** "Dr. Paula Chen, MD · Riverbend Pediatrics · +16175550142". */
export function requesterLine(
  c: Pick<Consult, 'callbackPhone'>,
  people: ConsultPeople | null | undefined,
): string {
  if (!people) return 'Requesting clinician';
  const r = people.requester;
  return [clinicianLabel(r), r.practiceName, callbackNumber(c, people)]
    .filter(Boolean)
    .join(' · ');
}
