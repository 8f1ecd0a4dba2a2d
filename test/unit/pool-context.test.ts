import { ageBand } from '../../server/econsults/pool-context';

describe('ageBand', () => {
  it.each([
    [0, 'under 6'],
    [5, 'under 6'],
    [6, '6-11'],
    [11, '6-11'],
    [12, '12-17'],
    [17, '12-17'],
    [18, '18-25'],
    [25, '18-25'],
    [26, '26-64'],
    [64, '26-64'],
    [65, '65 and over'],
    [101, '65 and over'],
  ])('%i years -> %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });
});
