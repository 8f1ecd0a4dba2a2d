import { computeKpis, ageBand } from '../../server/kpis/compute-kpis';
import type { KpiConsult, KpiFacts } from '../../server/kpis/kpi-facts';
import { kpiPeriod, overlapDays } from '../../server/kpis/kpi-period';
import { figureAt, percentile } from '../../server/kpis/kpi-figure';
import { pmhcaCsv } from '../../server/kpis/pmhca-csv';

/**
 * A fixture program in America/New_York for March 2026 (DST starts on the
 * 8th). Every expected figure below is counted by hand from these rows; the
 * comments say which rows and why.
 */
const TZ = 'America/New_York';
const MARCH = kpiPeriod('2026-03-01', '2026-03-31', TZ);
const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

const consult = (
  id: string,
  o: Partial<KpiConsult> & { createdAtMs: number },
): KpiConsult => ({
  id,
  practiceId: 'P1',
  providerId: 'U1',
  patientId: 'A',
  consultType: 'clinician_consult',
  reasonCategories: ['medication'],
  urgency: 'routine',
  status: 'completed',
  disposition: null,
  diagnosisCategories: [],
  callbackAtMs: null,
  interpreterUsed: false,
  ...o,
});

const c1At = at('2026-03-01T05:00:00Z'); // 00:00 EST on 1 March: the first instant in
const c2At = at('2026-04-01T03:59:00Z'); // 23:59 EDT on 31 March: the last minute in
const c4At = at('2026-03-15T14:00:00Z');
const c8At = at('2026-03-12T12:00:00Z');

const FACTS: KpiFacts = {
  targetMinutes: 30,
  practices: [
    { id: 'P1', enrolledOn: '2025-01-01', withdrawnOn: null, rural: true },
    // Enrolled 10-20 March only: 11 days of the period.
    {
      id: 'P2',
      enrolledOn: '2026-03-10',
      withdrawnOn: '2026-03-20',
      rural: false,
    },
    { id: 'P3', enrolledOn: '2026-04-05', withdrawnOn: null, rural: true },
    {
      id: 'P4',
      enrolledOn: '2025-06-01',
      withdrawnOn: '2026-02-15',
      rural: false,
    },
  ],
  providers: [
    { id: 'U1', practiceId: 'P1' },
    { id: 'U2', practiceId: 'P1' },
    { id: 'U3', practiceId: 'P2' },
    { id: 'U4', practiceId: 'P3' },
    { id: 'U5', practiceId: 'P4' },
  ],
  patients: [
    { id: 'A', birthDate: '2020-03-01', language: 'en' }, // 6 on 1 March (birthday)
    { id: 'B', birthDate: '2010-03-09', language: 'es' }, // 15 on 8 March, the day before 16
    { id: 'C', birthDate: '2008-03-15', language: 'es' }, // 18 on 15 March
    { id: 'D', birthDate: '2012-01-01', language: 'en' },
    { id: 'E', birthDate: '2023-01-01', language: 'en' }, // 3
    { id: 'F', birthDate: '1990-05-05', language: 'pt' }, // 35 (perinatal)
  ],
  consults: [
    consult('c0', { createdAtMs: at('2026-03-01T04:59:00Z') }), // 23:59 EST 28 Feb: out
    consult('c1', {
      createdAtMs: c1At,
      disposition: 'advice_to_pcp',
      diagnosisCategories: ['anxiety'],
      callbackAtMs: c1At + 20 * MIN,
    }),
    consult('c2', {
      createdAtMs: c2At,
      providerId: 'U2',
      patientId: 'B',
      reasonCategories: ['diagnosis', 'medication'],
      urgency: 'urgent',
      disposition: 'psychiatry_referral',
      diagnosisCategories: ['adhd', 'behavior'],
      callbackAtMs: c2At + 45 * MIN,
    }),
    consult('c3', { createdAtMs: at('2026-04-01T04:00:00Z') }), // 00:00 EDT 1 April: out
    consult('c4', {
      createdAtMs: c4At,
      practiceId: 'P2',
      providerId: 'U3',
      patientId: 'C',
      consultType: 'direct_evaluation',
      reasonCategories: ['diagnosis'],
      disposition: 'direct_evaluation',
      diagnosisCategories: ['depression'],
      callbackAtMs: c4At + 30 * MIN, // exactly the target: within
      interpreterUsed: true,
    }),
    // P2 withdrew on the 20th: a consult on the 22nd does not count.
    consult('c5', {
      createdAtMs: at('2026-03-22T14:00:00Z'),
      practiceId: 'P2',
      providerId: 'U3',
      patientId: 'D',
    }),
    // 03:30 EDT on the spring-forward day.
    consult('c6', {
      createdAtMs: at('2026-03-08T07:30:00Z'),
      patientId: 'B',
      consultType: 'resource_referral',
      reasonCategories: ['resources'],
      status: 'expired',
    }),
    consult('c7', {
      createdAtMs: at('2026-03-10T12:00:00Z'),
      providerId: 'U2',
      patientId: 'E',
      status: 'cancelled',
    }),
    consult('c8', {
      createdAtMs: c8At,
      patientId: 'F',
      reasonCategories: ['parent_guidance'],
      disposition: 'advice_to_pcp',
      callbackAtMs: c8At + 10 * MIN,
    }),
  ],
  trainings: [
    {
      id: 'T1',
      heldOn: '2026-03-05',
      minutes: 60,
      cmeCredits: 1,
      attendeeIds: ['U1', 'U2'],
    },
    {
      id: 'T2',
      heldOn: '2026-03-20',
      minutes: 90,
      cmeCredits: 1.5,
      attendeeIds: ['U1', 'U3'],
    },
  ],
  feedback: [
    { consultId: 'c1', useful: true, wouldHaveReferredOut: true },
    { consultId: 'c2', useful: false, wouldHaveReferredOut: null },
    { consultId: 'c5', useful: true, wouldHaveReferredOut: true }, // its consult is out
  ],
};

const k = computeKpis(FACTS, MARCH);
const f = (numerator: number, denominator: number | null, ids: string[]) => ({
  numerator,
  denominator,
  ids,
});

// Id lists are in the order of the consults' times (c1 1 Mar, c6 8 Mar, c7 10 Mar,
// c8 12 Mar, c4 15 Mar, c2 31 Mar): deterministic without sorting.
describe('program KPIs of a hand-counted fixture program', () => {
  it('bounds the period by local midnights across the DST change', () => {
    expect(new Date(MARCH.startMs).toISOString()).toBe(
      '2026-03-01T05:00:00.000Z',
    );
    expect(new Date(MARCH.endMs).toISOString()).toBe(
      '2026-04-01T04:00:00.000Z',
    );
    expect(MARCH.days).toBe(31);
  });

  it('counts consults by type, reason, urgency, disposition and outcome', () => {
    expect(k.consults.total).toEqual(
      f(6, null, ['c1', 'c6', 'c7', 'c8', 'c4', 'c2']),
    );
    expect(k.consults.byType).toEqual({
      clinician_consult: f(4, 6, ['c1', 'c7', 'c8', 'c2']),
      direct_evaluation: f(1, 6, ['c4']),
      econsult: f(0, 6, []),
      resource_referral: f(1, 6, ['c6']),
    });
    expect(k.consults.byReason).toMatchObject({
      medication: f(3, 6, ['c1', 'c7', 'c2']),
      diagnosis: f(2, 6, ['c4', 'c2']),
      resources: f(1, 6, ['c6']),
      parent_guidance: f(1, 6, ['c8']),
      safety: f(0, 6, []),
    });
    expect(k.consults.byUrgency).toEqual({
      routine: f(5, 6, ['c1', 'c6', 'c7', 'c8', 'c4']),
      urgent: f(1, 6, ['c2']),
    });
    expect(k.consults.byDisposition).toMatchObject({
      advice_to_pcp: f(2, 6, ['c1', 'c8']),
      psychiatry_referral: f(1, 6, ['c2']),
      direct_evaluation: f(1, 6, ['c4']),
      ed_inpatient: f(0, 6, []),
    });
    expect(k.consults.byDiagnosis).toMatchObject({
      anxiety: f(1, 6, ['c1']),
      adhd: f(1, 6, ['c2']),
      behavior: f(1, 6, ['c2']),
      depression: f(1, 6, ['c4']),
    });
    expect(k.consults.completed).toEqual(f(4, 6, ['c1', 'c8', 'c4', 'c2']));
    expect(k.consults.expired).toEqual(f(1, 6, ['c6']));
    expect(k.consults.cancelled).toEqual(f(1, 6, ['c7']));
  });

  it('counts a withdrawn practice only for its enrolled days', () => {
    expect(k.reach.practicesEnrolled).toEqual(f(2, null, ['P1', 'P2']));
    expect(k.reach.enrolledPracticeDays).toBe(31 + 11);
    expect(k.reach.practicesServed).toEqual(f(2, 2, ['P1', 'P2']));
    expect(k.reach.providersEnrolled).toEqual(f(3, null, ['U1', 'U2', 'U3']));
    expect(k.reach.providersServed).toEqual(f(3, 3, ['U1', 'U2', 'U3']));
  });

  it('describes each patient once, at their first consult of the period', () => {
    expect(k.patients.served).toEqual(f(5, null, ['A', 'B', 'E', 'F', 'C']));
    expect(k.patients.byAgeBand).toEqual({
      '0-5': f(1, 5, ['E']),
      '6-11': f(1, 5, ['A']),
      '12-17': f(1, 5, ['B']),
      '18-21': f(1, 5, ['C']),
      '22+': f(1, 5, ['F']),
    });
    expect(k.patients.rural).toEqual(f(4, 5, ['A', 'B', 'E', 'F']));
    expect(k.patients.byLanguage).toEqual({
      en: f(2, 5, ['A', 'E']),
      es: f(2, 5, ['B', 'C']),
      pt: f(1, 5, ['F']),
    });
    expect(k.patients.interpreterUsed).toEqual(f(1, 5, ['C']));
  });

  it('measures request-to-callback minutes: median, 90th percentile, within target', () => {
    // Minutes 10, 20, 30, 45: nearest rank 2 of 4 and 4 of 4.
    expect(k.callback).toEqual({
      targetMinutes: 30,
      measured: f(4, 6, ['c1', 'c8', 'c4', 'c2']),
      medianMinutes: 20,
      p90Minutes: 45,
      withinTarget: f(3, 4, ['c1', 'c8', 'c4']),
    });
  });

  it('sums trainings and counts distinct attendees among enrolled providers', () => {
    expect(k.trainings).toEqual({
      sessions: f(2, null, ['T1', 'T2']),
      attendees: f(3, 3, ['U1', 'U2', 'U3']),
      minutes: 150,
      cmeCredits: 2.5,
    });
    expect(k.feedback.useful).toEqual(f(1, 2, ['c1']));
    expect(k.feedback.wouldHaveReferredOut).toEqual(f(1, 2, ['c1']));
  });

  it('drills down by the figure path', () => {
    expect(figureAt(k, 'callback.withinTarget')?.ids).toEqual([
      'c1',
      'c8',
      'c4',
    ]);
    expect(figureAt(k, 'consults.byType.direct_evaluation')?.ids).toEqual([
      'c4',
    ]);
    expect(figureAt(k, 'callback.medianMinutes')).toBeNull();
    expect(figureAt(k, '__proto__.x')).toBeNull();
  });

  it('writes the PMHCA CSV with the same figures, byte for byte reproducible', () => {
    const a = pmhcaCsv('Demo PAP', k);
    const again = pmhcaCsv('Demo PAP', computeKpis(FACTS, MARCH));
    expect(again).toEqual(a);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const lines = a.body.split('\r\n');
    expect(lines[0]).toBe(
      'program,period_from,period_to,measure_id,measure,breakdown,value,denominator',
    );
    const row = (id: string, breakdown = 'all') =>
      lines.find((l) => l.includes(`,${id},`) && l.includes(`,${breakdown},`));
    expect(row('PMHCA-P1')).toBe(
      'Demo PAP,2026-03-01,2026-03-31,PMHCA-P1,Providers enrolled,all,3,',
    );
    expect(row('PMHCA-P2')).toMatch(/,all,3,3$/);
    expect(row('PMHCA-C1')).toMatch(/,all,6,$/);
    expect(row('PMHCA-C2', 'resource_referral')).toMatch(/,1,6$/);
    expect(row('PMHCA-T2')).toMatch(/,3,3$/);
    expect(row('PMHCA-T3')).toMatch(/,150,$/);
    expect(row('PMHCA-I1')).toMatch(/,5,$/);
    expect(row('PMHCA-I2', '12-17')).toMatch(/,1,5$/);
    expect(row('PMHCA-I3')).toMatch(/,4,5$/);
    expect(a.body.endsWith('\r\n')).toBe(true);
  });
});

describe('KPI period, age bands and percentiles', () => {
  it.each([
    ['2026-03-31', '2026-03-01', 'from'],
    ['2025-01-01', '2026-01-02', 'to'], // 367 days
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-3-1', '2026-03-01', 'from'],
  ])('refuses %s..%s (field %s)', (from, to, field) => {
    expect(() => kpiPeriod(from, to, TZ)).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ field })],
      }),
    );
  });

  it('takes a whole leap year (366 days)', () => {
    expect(kpiPeriod('2028-01-01', '2028-12-31', TZ).days).toBe(366);
  });

  it('ends a November period at local midnight after the fall-back day', () => {
    const p = kpiPeriod('2026-11-01', '2026-11-01', TZ);
    // 1 November 2026 has 25 hours in New York.
    expect((p.endMs - p.startMs) / 3_600_000).toBe(25);
  });

  it.each([
    ['2020-03-01', '2026-02-28', '0-5'],
    ['2020-03-01', '2026-03-01', '6-11'],
    ['2008-03-16', '2026-03-15', '12-17'],
    ['2004-03-15', '2026-03-15', '22+'],
  ])('born %s is in band on %s: %s', (born, on, band) => {
    expect(ageBand(born, on)).toBe(band);
  });

  it('overlaps closed ranges by days', () => {
    expect(
      overlapDays(
        { from: '2026-03-10', to: '2026-03-20' },
        { from: '2026-03-01', to: '2026-03-31' },
      ),
    ).toBe(11);
    expect(
      overlapDays(
        { from: '2026-04-01', to: '2026-04-02' },
        { from: '2026-03-01', to: '2026-03-31' },
      ),
    ).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });
});
