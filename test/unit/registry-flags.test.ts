import {
  monthThresholdMinutes,
  outcomeOf,
  registryFlags,
} from '../../server/registry/registry-flags';
import { AIMS_DEFAULT_THRESHOLDS } from '../../server/registry/registry-thresholds';
import { base, DAY, FIXTURE, NOW } from '../support/registry-flag-fixture';

describe('registry flags: the 20-patient fixture', () => {
  it('holds 20 patients', () => expect(FIXTURE).toHaveLength(20));

  it.each(FIXTURE)('%s', (_name, facts, expected) => {
    expect(
      registryFlags({ ...base, ...facts }, AIMS_DEFAULT_THRESHOLDS),
    ).toEqual(expected);
  });

  it('gives baseline, latest, change and weeks on the patient instrument', () => {
    const six = outcomeOf(
      { ...base, ...FIXTURE[5]![1] },
      AIMS_DEFAULT_THRESHOLDS,
    );
    expect(six).toMatchObject({
      baseline: { total: 20 },
      latest: { total: 12 },
      percentChange: -40,
      weeksInTreatment: 10,
    });
    const gad = outcomeOf(
      { ...base, ...FIXTURE[19]![1] },
      AIMS_DEFAULT_THRESHOLDS,
    );
    expect(gad).toMatchObject({
      baseline: { total: 14 },
      latest: { total: 6 },
      percentChange: -57.1,
    });
    expect(outcomeOf(base, AIMS_DEFAULT_THRESHOLDS)).toMatchObject({
      latest: null,
      percentChange: null,
    });
  });

  it('reads a program threshold instead of the default', () => {
    const strict = { ...AIMS_DEFAULT_THRESHOLDS, noContactDays: 14 };
    const facts = { ...base, contactAts: [NOW - 15 * DAY] };
    expect(registryFlags(facts, AIMS_DEFAULT_THRESHOLDS)).toEqual([]);
    expect(registryFlags(facts, strict)).toEqual(['no_contact']);
  });
});

describe('the month threshold the minutes are held against', () => {
  const rules = {
    firstMonthFromMinutes: 36,
    laterMonthFromMinutes: 31,
    bhiFromMinutes: 20,
  };
  it.each([
    ['cocm', '2026-11-05', '2026-11', 36],
    ['cocm', '2026-11-05', '2026-12', 31],
    ['cocm', '2026-10-31', '2026-11', 31],
    ['bhi', '2026-11-05', '2026-11', 20],
  ] as const)('%s from %s in %s: %i min', (kind, startedOn, month, minutes) => {
    expect(monthThresholdMinutes(kind, startedOn, month, rules)).toBe(minutes);
  });
});
