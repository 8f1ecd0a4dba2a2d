import { answerValue } from '../../server/screening/score-assessment';
import { INSTRUMENTS } from '../../server/screening/instruments';
import type { Instrument } from '../../server/screening/instrument';

/**
 * The instrument tables checked for consistency, so a typo in one (a band
 * gap, a subscale naming a missing item, wording on an instrument we may
 * not reproduce) fails here instead of at a patient's scoring.
 */
const all = [...INSTRUMENTS.values()];
const cases = all.map((i) => [i.id, i] as const);

const maxTotal = (instrument: Instrument) =>
  instrument.items
    .filter((item) => item.scored)
    .reduce(
      (sum, item) =>
        sum + Math.max(...item.answers.options.map((o) => o.value)),
      0,
    );

describe.each(cases)('%s', (_id, instrument) => {
  it('bands run from 0 to the maximum total without gaps or overlaps', () => {
    let next = 0;
    for (const band of instrument.bands) {
      expect([band.id, band.min]).toEqual([band.id, next]);
      expect(band.max).toBeGreaterThanOrEqual(band.min);
      next = band.max + 1;
    }
    expect(next - 1).toBe(maxTotal(instrument));
  });

  it('item ids are unique; subscales and safety items name real items', () => {
    const ids = instrument.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const subscale of instrument.subscales) {
      for (const id of subscale.itemIds) expect(ids).toContain(id);
    }
    for (const rule of instrument.safetyItems)
      expect(ids).toContain(rule.itemId);
  });

  it('subscales, when present, split the scored items exactly once', () => {
    if (instrument.subscales.length === 0) return;
    const inSubscales = instrument.subscales.flatMap((s) => s.itemIds).sort();
    const scoredIds = instrument.items
      .filter((i) => i.scored)
      .map((i) => i.id)
      .sort();
    expect(inSubscales).toEqual(scoredIds);
  });

  it('positive screens are on the total or a subscale it has', () => {
    const scopes = ['total', ...instrument.subscales.map((s) => s.id)];
    for (const rule of instrument.positiveScreens) {
      expect(scopes).toContain(rule.scope);
    }
  });

  it('carries wording only in its languages, and self-report needs it', () => {
    for (const item of instrument.items) {
      expect(Object.keys(item.text ?? {}).sort()).toEqual(
        [...instrument.languages].sort(),
      );
      for (const option of item.answers.options) {
        for (const lang of Object.keys(option.text ?? {})) {
          expect(instrument.languages).toContain(lang);
        }
      }
    }
    if (instrument.selfReportAllowed) {
      expect(instrument.languages.length).toBeGreaterThan(0);
    }
    expect(instrument.source.length).toBeGreaterThan(0);
    expect(instrument.terms.length).toBeGreaterThan(0);
  });

  it('a reversed item gives its first printed option the highest value', () => {
    for (const item of instrument.items.filter((i) => i.reverseScored)) {
      const last = item.answers.options.length - 1;
      expect(answerValue(item, 0)).toBe(last);
      expect(answerValue(item, last)).toBe(0);
    }
  });
});

describe('what may be sent to a patient by link', () => {
  it('PHQ-9 and GAD-7 in English and Spanish, PSC-17 in English', () => {
    const selfReport = all
      .filter((i) => i.selfReportAllowed)
      .map((i) => [i.id, i.languages]);
    expect(selfReport).toEqual([
      ['phq9', ['en', 'es']],
      ['gad7', ['en', 'es']],
      ['psc17', ['en']],
    ]);
  });

  it('an instrument kept to clinician entry says why in its terms', () => {
    for (const instrument of all) {
      expect([
        instrument.id,
        instrument.terms.includes('clinician entry only'),
      ]).toEqual([instrument.id, !instrument.selfReportAllowed]);
    }
  });

  it('every language carried says what its wording was checked against', () => {
    for (const instrument of all) {
      expect(Object.keys(instrument.wording ?? {}).sort()).toEqual(
        [...instrument.languages].sort(),
      );
    }
  });

  it('every option of a carried language is worded, stem included', () => {
    for (const instrument of all) {
      for (const lang of instrument.languages) {
        if (instrument.stem) expect(instrument.stem[lang]).toBeTruthy();
        for (const item of instrument.items) {
          expect(item.text?.[lang]).toBeTruthy();
          for (const option of item.answers.options)
            expect(option.text?.[lang]).toBeTruthy();
        }
      }
    }
  });
});

describe('LOINC codes held (others left undefined until confirmed)', () => {
  it('PHQ-9 total and item 9, GAD-7 total', () => {
    const phq9 = INSTRUMENTS.get('phq9')!;
    expect(phq9.loinc).toBe('44261-6');
    expect(phq9.items.find((i) => i.id === 'phq9.9')?.loinc).toBe('44260-8');
    expect(INSTRUMENTS.get('gad7')!.loinc).toBe('70274-6');
    const withTotalCode = all.filter((i) => i.loinc).map((i) => i.id);
    expect(withTotalCode).toEqual(['phq9', 'gad7']);
  });
});

describe('item counts and answer ranges of each instrument', () => {
  it.each([
    ['phq9', 10, 9, 27],
    ['phqa', 13, 9, 27],
    ['gad7', 7, 7, 21],
    ['psc17', 17, 17, 34],
    ['scared', 41, 41, 82],
    ['epds', 10, 10, 30],
    ['crafft', 6, 6, 6],
  ])('%s: %i items, %i scored, maximum %i', (id, count, scored, max) => {
    const instrument = INSTRUMENTS.get(id)!;
    expect(instrument.items).toHaveLength(count);
    expect(instrument.items.filter((i) => i.scored)).toHaveLength(scored);
    expect(maxTotal(instrument)).toBe(max);
  });
});
