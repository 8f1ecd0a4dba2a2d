import { createHash } from 'node:crypto';
import { toCsv } from '../http/csv';
import type { FigureNumbers, KpiNumbers } from './kpi-numbers';

/**
 * The HRSA PMHCA performance-measure figures of a period as CSV. The rows
 * follow the two tabs of HRSA's Training Form 15 (provider consultation and
 * training; individuals served); measure ids are ours (see
 * docs/program-reports.md for each definition and its source). Nothing in
 * the file depends on when it was made, so the same data gives the same bytes.
 */
export const PMHCA_COLUMNS = [
  'program',
  'period_from',
  'period_to',
  'measure_id',
  'measure',
  'breakdown',
  'value',
  'denominator',
] as const;

type Row = [
  id: string,
  measure: string,
  breakdown: string,
  value: number,
  denominator: number | null,
];

const fig = (
  id: string,
  measure: string,
  f: FigureNumbers,
  breakdown = 'all',
): Row => [id, measure, breakdown, f.numerator, f.denominator];

/** The measure rows, in a fixed order. */
export function pmhcaRows(k: KpiNumbers): Row[] {
  const rows: Row[] = [
    fig('PMHCA-P1', 'Providers enrolled', k.reach.providersEnrolled),
    fig(
      'PMHCA-P2',
      'Providers served (consultation or care coordination)',
      k.reach.providersServed,
    ),
    fig('PMHCA-P3', 'Practices enrolled', k.reach.practicesEnrolled),
    fig('PMHCA-P4', 'Practices served', k.reach.practicesServed),
    fig(
      'PMHCA-C1',
      'Consultations and care coordination contacts',
      k.consults.total,
    ),
  ];
  for (const [type, f] of Object.entries(k.consults.byType))
    rows.push(fig('PMHCA-C2', 'Contacts by type', f, type));
  rows.push(
    fig('PMHCA-T1', 'Trainings held', k.trainings.sessions),
    fig('PMHCA-T2', 'Providers trained', k.trainings.attendees),
    ['PMHCA-T3', 'Training minutes', 'all', k.trainings.minutes, null],
    fig('PMHCA-I1', 'Individuals served', k.patients.served),
  );
  for (const [band, f] of Object.entries(k.patients.byAgeBand))
    rows.push(fig('PMHCA-I2', 'Individuals served by age', f, band));
  rows.push(
    fig('PMHCA-I3', 'Individuals served in rural areas', k.patients.rural),
  );
  return rows;
}

export interface ReportFileBody {
  body: string;
  sha256: string;
}

export function pmhcaCsv(programName: string, k: KpiNumbers): ReportFileBody {
  const body = toCsv(
    PMHCA_COLUMNS,
    pmhcaRows(k).map((r) => [programName, k.period.from, k.period.to, ...r]),
  );
  return {
    body,
    sha256: createHash('sha256').update(body, 'utf8').digest('hex'),
  };
}
