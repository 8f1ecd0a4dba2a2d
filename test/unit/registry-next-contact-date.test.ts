import { isPastDate } from '../../server/registry/registry-work';

/** Which next contact dates are refused against the program's today. */
describe('isPastDate', () => {
  it.each([
    ['2026-11-16', '2026-11-17', true],
    ['2026-11-17', '2026-11-17', false],
    ['2026-11-18', '2026-11-17', false],
    // Month and year boundaries order as dates do.
    ['2026-10-31', '2026-11-01', true],
    ['2026-12-31', '2027-01-01', true],
    ['2027-01-01', '2026-12-31', false],
  ])('%s against today %s: past %s', (date, today, past) => {
    expect(isPastDate(date, today)).toBe(past);
  });
});
