import type { Database } from '../../server/db/database';
import {
  outcomeOf,
  REGISTRY_FLAGS,
  type ScorePoint,
} from '../../server/registry/registry-flags';
import { RegistryList } from '../../server/registry/registry-list';
import type { RegistryRow } from '../../server/registry/registry-row';
import { AIMS_DEFAULT_THRESHOLDS } from '../../server/registry/registry-thresholds';
import { screeningOutcomes } from '../../server/registry/screening-outcomes';
import { seedRegistry } from '../bench/registry-seed';
import { openTestDatabase, STORE_KINDS } from '../support/databases';

/**
 * The registry page reads only each patient's baseline and latest score
 * (SQL) and builds full rows for one page. Checked against the pure rule
 * applied to every score, and pages against the whole list in one piece.
 */
const NOW = new Date('2026-11-27T15:00:00Z');
const PATIENTS = 60;

describe.each(STORE_KINDS)('registry page on %s', (store) => {
  let db: Database;
  let programId: string;
  let list: RegistryList;
  const scope = () => ({ programId, memberId: null });

  beforeAll(async () => {
    db = await openTestDatabase(store);
    programId = await seedRegistry(db, PATIENTS, NOW);
    // A corrected latest score (the correction counts, the original not),
    // a GAD-7 patient, a score after `now` and one before the lookback.
    const { rows } = await db.query<{ id: string; patientId: string }>(
      `SELECT DISTINCT ON (patient_id) id, patient_id AS "patientId"
         FROM assessments ORDER BY patient_id, answered_at DESC LIMIT 4`,
    );
    const [corrected, gad, future, early] = rows;
    await db.query(
      `INSERT INTO assessments (patient_id, instrument, instrument_version, answered_by, ordered_by,
         answered_at, recorded_at, age_years, answers, item_values, status, total, band_id,
         supersedes, correction_reason)
       SELECT patient_id, instrument, instrument_version, answered_by, ordered_by, answered_at,
              recorded_at, age_years, answers, item_values, status, 1, band_id, id, 'typo'
         FROM assessments WHERE id = $1`,
      [corrected!.id],
    );
    await db.query(
      `UPDATE registry_enrollments SET instrument = 'gad7' WHERE patient_id = $1`,
      [gad!.patientId],
    );
    const extra = (patientId: string, instrument: string, at: string) =>
      db.query(
        `INSERT INTO assessments (patient_id, instrument, instrument_version, answered_by, ordered_by,
           answered_at, recorded_at, age_years, answers, item_values, status, total, band_id)
         SELECT $1, $2, '1', 'patient', care_manager_id, $3, $3, 40, '{}', '{}', 'scored', 9, 'x'
           FROM registry_enrollments WHERE patient_id = $1`,
        [patientId, instrument, at],
      );
    await extra(gad!.patientId, 'gad7', '2026-11-20T15:00:00Z');
    await extra(gad!.patientId, 'gad7', '2026-11-25T15:00:00Z');
    await extra(future!.patientId, 'phq9', '2026-11-28T15:00:00Z');
    await extra(early!.patientId, 'phq9', '2026-01-02T15:00:00Z');
    list = new RegistryList({ db, clock: { now: () => NOW } });
  }, 120_000);
  afterAll(() => db.close());

  it('gives each row the baseline and latest the pure rule picks from every score', async () => {
    const { rows } = await list.rows(scope());
    expect(rows).toHaveLength(PATIENTS);
    const all = await screeningOutcomes(db).scores(
      rows.map((r) => r.patientId),
    );
    let withLatest = 0;
    for (const r of rows) {
      const o = outcomeOf(
        {
          instrument: r.instrument,
          startedOn: r.startedOn,
          scores: all.get(r.patientId) ?? ([] as ScorePoint[]),
          contactAts: [],
          lastReviewAt: null,
          safetyAlertOpen: false,
          minutesThisMonth: 0,
          thresholdMinutes: 0,
          now: NOW.getTime(),
          timeZone: 'America/New_York',
        },
        AIMS_DEFAULT_THRESHOLDS,
      );
      const iso = (s: ScorePoint | null) =>
        s && { total: s.total, at: new Date(s.at).toISOString() };
      expect({ id: r.patientId, b: r.baseline, l: r.latest }).toEqual({
        id: r.patientId,
        b: iso(o.baseline),
        l: iso(o.latest),
      });
      if (r.latest) withLatest++;
    }
    expect(withLatest).toBeGreaterThan(PATIENTS / 2);
    expect(rows.some((r) => r.instrument === 'gad7' && r.latest)).toBe(true);
  });

  it('pages "needs review first" without repeating or skipping a row', async () => {
    const whole = await list.page(scope(), {
      sort: 'needs_review',
      limit: 500,
      offset: 0,
    });
    const paged: RegistryRow[] = [];
    for (let offset = 0; offset < PATIENTS; offset += 7) {
      const page = await list.page(scope(), {
        sort: 'needs_review',
        limit: 7,
        offset,
      });
      expect(page.total).toBe(PATIENTS);
      expect(page.flagCounts).toEqual(whole.flagCounts);
      paged.push(...page.rows);
    }
    const ids = paged.map((r) => r.patientId);
    expect(ids).toEqual(whole.rows.map((r) => r.patientId));
    expect(new Set(ids).size).toBe(PATIENTS);
    // Most urgent flag first, across page boundaries.
    const rank = (r: RegistryRow) =>
      r.flags.length ? REGISTRY_FLAGS.indexOf(r.flags[0]!) : 99;
    const ranks = paged.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(1);
    // Every row of a page carries its team's names.
    expect(paged.every((r) => r.pcpName && r.careManagerName)).toBe(true);
  });

  it('filters by flag with the same counts', async () => {
    const page = await list.page(scope(), {
      flag: 'not_improving',
      sort: 'needs_review',
      limit: 500,
      offset: 0,
    });
    expect(page.total).toBe(page.flagCounts.not_improving);
    expect(page.total).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.flags.includes('not_improving'))).toBe(
      true,
    );
  });
});
