import type { RegistryFlag } from '../../server/registry/registry-flags';
import {
  arrangeRows,
  type RegistryRow,
} from '../../server/registry/registry-row';

/** "Needs review first", the other orders and the flag filter, as a table. */
const row = (
  patientName: string,
  flags: RegistryFlag[],
  extra: Partial<RegistryRow> = {},
): RegistryRow =>
  ({
    patientName,
    flags,
    percentChange: null,
    lastContactAt: null,
    minutesThisMonth: 0,
    thresholdMinutes: 31,
    ...extra,
  }) as RegistryRow;

const ROWS = [
  row('Ann', ['response']),
  row('Bea', ['not_improving'], { percentChange: -20 }),
  row('Cal', ['safety_alert_open', 'needs_psychiatric_review']),
  row('Dee', ['not_improving'], { percentChange: -5 }),
  row('Eve', [], {
    lastContactAt: '2026-11-20T10:00:00.000Z',
    minutesThisMonth: 30,
  }),
  row('Fay', ['new', 'minutes_short'], { minutesThisMonth: 25 }),
];
const names = (rows: RegistryRow[]) => rows.map((r) => r.patientName);

describe('registry order and filter', () => {
  it.each([
    ['needs_review', undefined, ['Cal', 'Dee', 'Bea', 'Fay', 'Ann', 'Eve']],
    ['name', undefined, ['Ann', 'Bea', 'Cal', 'Dee', 'Eve', 'Fay']],
    ['minutes', undefined, ['Ann', 'Bea', 'Cal', 'Dee', 'Fay', 'Eve']],
    ['last_contact', undefined, ['Ann', 'Bea', 'Cal', 'Dee', 'Fay', 'Eve']],
    ['needs_review', 'not_improving', ['Dee', 'Bea']],
  ] as const)('%s, flag %s', (sort, flag, expected) => {
    expect(names(arrangeRows(ROWS, flag, sort).rows)).toEqual(expected);
  });

  it('counts each flag over every row, whatever the filter', () => {
    const { flagCounts } = arrangeRows(ROWS, 'new', 'name');
    expect(flagCounts).toMatchObject({
      not_improving: 2,
      new: 1,
      safety_alert_open: 1,
      remission: 0,
    });
  });
});
