import {
  engagementFigures,
  screeningFigures,
  symptomChangeFigures,
  warmHandoffFigures,
  type ScoreFact,
} from '../../server/kpis/bh-kpi-figures';
import { kpiPeriod } from '../../server/kpis/kpi-period';

/**
 * March 2026 in America/New_York: the period starts 05:00Z on 1 March and
 * ends 04:00Z on 1 April (EDT from the 8th). Every expected figure is counted
 * by hand from the rows; the comments say which and why.
 */
const MARCH = kpiPeriod('2026-03-01', '2026-03-31', 'America/New_York');
const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('warm handoff figures', () => {
  const t0 = at('2026-03-10T14:00:00Z');
  const handoff = (
    consultId: string,
    requestedAt: number,
    answeredAfterMin: number | null,
    targetMin = 10,
  ) => ({
    consultId,
    requestedAt,
    dueAt: requestedAt + targetMin * MIN,
    answeredAt:
      answeredAfterMin === null ? null : requestedAt + answeredAfterMin * MIN,
  });

  it.each([
    {
      name: 'answered in 4 and 12 minutes, one unanswered, one outside',
      rows: [
        handoff('c2', t0 + DAY, 12),
        handoff('c1', t0, 4),
        handoff('c3', t0 + 2 * DAY, null),
        // 00:10 EDT on 1 April: after the period.
        handoff('c4', at('2026-04-01T04:10:00Z'), 1),
      ],
      // Median of 4 and 12 minutes: their mean, 8.
      expected: {
        attempted: { numerator: 3, denominator: null, ids: ['c1', 'c2', 'c3'] },
        answered: { numerator: 2, denominator: 3, ids: ['c1', 'c2'] },
        answeredWithinTarget: { numerator: 1, denominator: 2, ids: ['c1'] },
        medianMinutesToAnswer: {
          numerator: 8,
          denominator: null,
          ids: ['c1', 'c2'],
        },
      },
    },
    {
      name: 'answered exactly at the due time counts within target',
      rows: [handoff('c1', t0, 10)],
      expected: {
        attempted: { numerator: 1, denominator: null, ids: ['c1'] },
        answered: { numerator: 1, denominator: 1, ids: ['c1'] },
        answeredWithinTarget: { numerator: 1, denominator: 1, ids: ['c1'] },
        medianMinutesToAnswer: {
          numerator: 10,
          denominator: null,
          ids: ['c1'],
        },
      },
    },
    {
      name: 'nothing answered: no median',
      rows: [handoff('c1', t0, null)],
      expected: {
        attempted: { numerator: 1, denominator: null, ids: ['c1'] },
        answered: { numerator: 0, denominator: 1, ids: [] },
        answeredWithinTarget: { numerator: 0, denominator: 0, ids: [] },
      },
    },
  ])('$name', ({ rows, expected }) => {
    expect(warmHandoffFigures(rows, MARCH)).toEqual(expected);
  });
});

describe('engagement figures', () => {
  const ref = (
    episodeId: string,
    referredAt: number,
    firstAfter: number | null,
  ) => ({
    episodeId,
    referredAt,
    firstSessionAt: firstAfter === null ? null : referredAt + firstAfter,
  });
  const t0 = at('2026-03-05T15:00:00Z');

  it('counts a first session within 14 days, by referral in the period', () => {
    const f = engagementFigures(
      [
        ref('e1', t0, 3 * DAY), // engaged
        ref('e2', t0 + MIN, 14 * DAY), // exactly 14 days: engaged
        ref('e3', t0 + 2 * MIN, 14 * DAY + MIN), // a minute late
        ref('e4', t0 + 3 * MIN, null), // never seen
        ref('e5', at('2026-03-01T04:59:00Z'), DAY), // 23:59 on 28 Feb
      ],
      MARCH,
    );
    expect(f).toEqual({
      referrals: {
        numerator: 4,
        denominator: null,
        ids: ['e1', 'e2', 'e3', 'e4'],
      },
      engagedWithin14Days: { numerator: 2, denominator: 4, ids: ['e1', 'e2'] },
    });
  });
});

const score = (
  patientId: string,
  instrument: string,
  iso: string,
  total: number,
): ScoreFact => ({ patientId, instrument, answeredAtMs: at(iso), total });

describe('screening figures', () => {
  it('counts patients in care who were screened in the period', () => {
    const f = screeningFigures(
      [
        // p1: a consult in March, screened in March.
        { patientId: 'p1', fromMs: at('2026-03-02T15:00:00Z'), toMs: null },
        // p2: an episode from February, closed 3 March: in care.
        {
          patientId: 'p2',
          fromMs: at('2026-02-01T15:00:00Z'),
          toMs: at('2026-03-03T15:00:00Z'),
        },
        // p3: an episode closed in February: not in care in March.
        {
          patientId: 'p3',
          fromMs: at('2026-01-01T15:00:00Z'),
          toMs: at('2026-02-20T15:00:00Z'),
        },
        // p1 again (a second consult): counted once.
        {
          patientId: 'p1',
          fromMs: at('2026-03-20T15:00:00Z'),
          toMs: at('2026-03-20T15:00:00Z'),
        },
        // p4: a consult, screened only in February.
        {
          patientId: 'p4',
          fromMs: at('2026-03-09T15:00:00Z'),
          toMs: at('2026-03-09T15:00:00Z'),
        },
      ],
      [
        score('p1', 'phq9', '2026-03-02T15:30:00Z', 7),
        score('p3', 'phq9', '2026-03-04T15:30:00Z', 7), // not in care
        score('p4', 'gad7', '2026-02-27T15:30:00Z', 9), // before the period
      ],
      MARCH,
    );
    expect(f).toEqual({
      patientsInCare: {
        numerator: 3,
        denominator: null,
        ids: ['p1', 'p2', 'p4'],
      },
      screened: { numerator: 1, denominator: 3, ids: ['p1'] },
    });
  });
});

describe('symptom change figures', () => {
  it('counts a fall of half or more from first to latest score', () => {
    const f = symptomChangeFigures(
      [
        // p1 PHQ-9 20 -> 12 -> 10: latest is half the first: response.
        score('p1', 'phq9', '2026-03-02T15:00:00Z', 20),
        score('p1', 'phq9', '2026-03-30T15:00:00Z', 10),
        score('p1', 'phq9', '2026-03-16T15:00:00Z', 12),
        // p2 PHQ-9 15 -> 8: 8 > 7.5, no response.
        score('p2', 'phq9', '2026-03-03T15:00:00Z', 15),
        score('p2', 'phq9', '2026-03-25T15:00:00Z', 8),
        // p3 one PHQ-9 in March (the other in February): not measured.
        score('p3', 'phq9', '2026-02-20T15:00:00Z', 18),
        score('p3', 'phq9', '2026-03-20T15:00:00Z', 4),
        // p4 PHQ-9 0 -> 0: nowhere to fall, not measured.
        score('p4', 'phq9', '2026-03-05T15:00:00Z', 0),
        score('p4', 'phq9', '2026-03-06T15:00:00Z', 0),
        // p2 GAD-7 14 -> 6: response; a PSC-17 pair is not reported.
        score('p2', 'gad7', '2026-03-03T15:00:00Z', 14),
        score('p2', 'gad7', '2026-03-25T15:00:00Z', 6),
        score('p5', 'psc17', '2026-03-03T15:00:00Z', 30),
        score('p5', 'psc17', '2026-03-25T15:00:00Z', 2),
      ],
      MARCH,
    );
    expect(f).toEqual({
      phq9Measured: { numerator: 2, denominator: null, ids: ['p1', 'p2'] },
      phq9Response: { numerator: 1, denominator: 2, ids: ['p1'] },
      gad7Measured: { numerator: 1, denominator: null, ids: ['p2'] },
      gad7Response: { numerator: 1, denominator: 1, ids: ['p2'] },
    });
  });
});
