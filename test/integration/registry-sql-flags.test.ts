import { COLLABORATIVE_CARE_DEFAULTS } from '../../server/billing/payer-rules';
import { localDate, monthOf } from '../../server/billing/calendar-days';
import type { Database } from '../../server/db/database';
import {
  outcomeOf,
  REGISTRY_FLAGS,
  type RegistryFacts,
  monthThresholdMinutes,
  registryFlags,
  type ScorePoint,
} from '../../server/registry/registry-flags';
import { RegistryList } from '../../server/registry/registry-list';
import { registryPageQuery } from '../../server/registry/registry-page-query';
import {
  arrangeRows,
  REGISTRY_SORTS,
  type SortableRow,
} from '../../server/registry/registry-row';
import {
  AIMS_DEFAULT_THRESHOLDS,
  type RegistryThresholds,
} from '../../server/registry/registry-thresholds';
import { openTestDatabase, STORE_KINDS } from '../support/databases';
import { base, FIXTURE, NOW, phq, utc } from '../support/registry-flag-fixture';

/**
 * The SQL flags, rank and orders of the registry page (registry-flag-sql.ts
 * over the summaries migration 140 keeps on the episode) equal the pure
 * functions' on the same data, on both stores: the 20-patient fixture
 * written as rows (scores, ledger minutes, contacts, reviews, alerts), and
 * cases for the summaries' edges (a past month's minutes, minutes in a
 * month after `now`, a row across the month start, a score after `now`).
 */
interface Case {
  name: string;
  facts: RegistryFacts;
  kind: 'cocm' | 'bhi';
  /** Care-manager ledger rows; `minutes` or an end. */
  ledger: { at: string; minutes?: number; endedAt?: string }[];
}

const monthly = (minutes: number) =>
  minutes ? [{ at: '2026-11-05T15:00:00Z', minutes }] : [];

const CASES: Case[] = [
  ...FIXTURE.map(([name, partial]) => {
    const facts = { ...base, ...partial };
    return {
      name,
      facts,
      kind: 'cocm' as const,
      ledger: monthly(facts.minutesThisMonth),
    };
  }),
  {
    name: '21 25 min last month, none this month',
    facts: { ...base, startedOn: '2026-09-01', minutesThisMonth: 0 },
    kind: 'cocm',
    ledger: [{ at: '2026-10-20T15:00:00Z', minutes: 25 }],
  },
  {
    name: '22 22 min this month and a row next month',
    facts: { ...base, startedOn: '2026-09-01', minutesThisMonth: 22 },
    kind: 'cocm',
    ledger: [
      { at: '2026-11-05T15:00:00Z', minutes: 22 },
      { at: '2026-12-02T15:00:00Z', minutes: 30 },
    ],
  },
  {
    name: '23 a call across local midnight into the month: 2 + 20 min',
    facts: { ...base, startedOn: '2026-09-01', minutesThisMonth: 22 },
    kind: 'cocm',
    ledger: [
      // 23:40 on 31 Oct to 00:02 on 1 Nov, New York (EDT).
      { at: '2026-11-01T03:40:00Z', endedAt: '2026-11-01T04:02:00Z' },
      { at: '2026-11-10T15:00:00Z', minutes: 20 },
    ],
  },
  {
    name: '24 a score after now is not the latest',
    facts: {
      ...base,
      startedOn: '2026-09-01',
      scores: [
        phq(20, '2026-09-01T16:00:00Z'),
        phq(8, '2026-11-20T17:00:00Z'),
        phq(2, '2026-11-28T17:00:00Z'),
      ],
    },
    kind: 'cocm',
    ledger: monthly(40),
  },
  {
    name: '25 BHI, 12 of 20 min',
    facts: { ...base, minutesThisMonth: 12 },
    kind: 'bhi',
    ledger: monthly(12),
  },
];

describe.each(STORE_KINDS)('registry SQL flags on %s', (store) => {
  let db: Database;
  let programId: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await openTestDatabase(store);
    programId = await writeCases(db, ids);
  }, 120_000);
  afterAll(() => db.close());

  const atNow = (now: number) =>
    new RegistryList({ db, clock: { now: () => new Date(now) } });

  /** The pure functions over the case as written (one contact: the last). */
  const pure = (c: Case, now: number, t: RegistryThresholds) => {
    const contacts = c.facts.contactAts;
    const facts: RegistryFacts = {
      ...c.facts,
      contactAts: contacts.length ? [Math.max(...contacts)] : [],
      thresholdMinutes: monthThresholdMinutes(
        c.kind,
        c.facts.startedOn,
        monthOf(localDate(now, c.facts.timeZone)),
        COLLABORATIVE_CARE_DEFAULTS,
      ),
      now,
    };
    const flags = registryFlags(facts, t);
    return { facts, flags, outcome: outcomeOf(facts, t) };
  };

  const thresholdSets: [string, Partial<RegistryThresholds>][] = [
    ['AIMS defaults', {}],
    ['a program override', { noContactDays: 7, baselineLookbackDays: 0 }],
  ];

  it.each(thresholdSets)('flags and rank with %s', async (_n, override) => {
    await db.query(
      `UPDATE programs SET settings = jsonb_set(settings, '{registryThresholds}', $2::jsonb)
        WHERE id = $1`,
      [programId, JSON.stringify(override)],
    );
    const t = { ...AIMS_DEFAULT_THRESHOLDS, ...override };
    const seen = new Set<string>();
    for (const c of CASES) {
      const list = atNow(c.facts.now);
      const w = await list.window(programId);
      const scope = { programId, memberId: null, patientId: ids.get(c.name) };
      const page = await registryPageQuery(db, scope, w, {
        sort: 'needs_review',
        limit: null,
        offset: 0,
      });
      const expected = pure(c, c.facts.now, t);
      const row = page.rows[0]!;
      const rank = expected.flags.length
        ? REGISTRY_FLAGS.indexOf(expected.flags[0]!)
        : REGISTRY_FLAGS.length;
      expect({ case: c.name, flags: row.sqlFlags, rank: row.sqlRank }).toEqual({
        case: c.name,
        flags: expected.flags,
        rank,
      });
      // The wire row (pure flags over the SQL facts) says the same.
      const [wire] = (await list.rows(scope)).rows;
      expect({ case: c.name, flags: wire!.flags }).toEqual({
        case: c.name,
        flags: expected.flags,
      });
      expect(wire!.minutesThisMonth).toBe(c.facts.minutesThisMonth);
      for (const f of expected.flags) seen.add(f);
    }
    // The table is worth something only if every flag shows up in it.
    if (!override.noContactDays)
      expect([...seen].sort()).toEqual([...REGISTRY_FLAGS].sort());
  });

  it.each(REGISTRY_SORTS)('orders "%s" as arrangeRows does', async (sort) => {
    await db.query(
      `UPDATE programs SET settings = settings - 'registryThresholds' WHERE id = $1`,
      [programId],
    );
    const pureRows: SortableRow[] = CASES.map((c, i) => {
      const p = pure(c, NOW, AIMS_DEFAULT_THRESHOLDS);
      return {
        patientId: ids.get(c.name)!,
        patientName: caseName(i),
        flags: p.flags,
        percentChange: p.outcome.percentChange,
        lastContactAt: p.facts.contactAts.length
          ? new Date(p.facts.contactAts[0]!).toISOString()
          : null,
        minutesThisMonth: c.facts.minutesThisMonth,
        thresholdMinutes: p.facts.thresholdMinutes,
      };
    });
    for (const flag of [undefined, 'not_improving', 'minutes_short'] as const) {
      const whole = arrangeRows(pureRows, flag, sort);
      const page = await atNow(NOW).page(
        { programId, memberId: null },
        { sort, flag, limit: 100, offset: 0 },
      );
      expect(page.rows.map((r) => r.patientId)).toEqual(
        whole.rows.map((r) => r.patientId),
      );
      expect(page.flagCounts).toEqual(whole.flagCounts);
      expect(page.total).toBe(whole.rows.length);
    }
  });
});

const caseName = (i: number) => `Case ${String(i + 1).padStart(2, '0')}`;

/** Writes each case as a patient with an open episode and its rows. */
async function writeCases(
  db: Database,
  ids: Map<string, string>,
): Promise<string> {
  const one = async <T>(sql: string, p: unknown[] = []) =>
    (await db.query<T & Record<string, unknown>>(sql, p)).rows[0]!;
  const { id: programId } = await one<{ id: string }>(
    `INSERT INTO programs (name, timezone) VALUES ('Flags', $1) RETURNING id`,
    [base.timeZone],
  );
  const { id: practiceId } = await one<{ id: string }>(
    `INSERT INTO practices (program_id, name, state) VALUES ($1, 'P', 'MA') RETURNING id`,
    [programId],
  );
  const user = async (role: string) =>
    (
      await one<{ id: string }>(
        `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
         VALUES ($1, $2, $3 || '@flags.test', 'x', $3, $3) RETURNING id`,
        [programId, practiceId, role],
      )
    ).id;
  const pcp = await user('pcp');
  const cm = await user('care_manager');
  const psy = await user('psychiatrist');
  for (const [i, c] of CASES.entries()) {
    const f = c.facts;
    const { id: patientId } = await one<{ id: string }>(
      `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state)
       VALUES ($1, $2, $3, '1980-01-01', 'female', 'MA') RETURNING id`,
      [practiceId, ...caseName(i).split(' ')],
    );
    ids.set(c.name, patientId);
    const { id: enrollmentId } = await one<{ id: string }>(
      `INSERT INTO care_enrollments (patient_id, kind, start_date, billing_clinician_id, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
      [patientId, c.kind, f.startedOn, pcp, cm],
    );
    const last = f.contactAts.length ? Math.max(...f.contactAts) : null;
    await db.query(
      `INSERT INTO registry_enrollments (enrollment_id, program_id, practice_id, patient_id,
         pcp_id, care_manager_id, consultant_id, instrument, started_on,
         contacts, last_contact_at, last_review_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        enrollmentId,
        programId,
        practiceId,
        patientId,
        pcp,
        cm,
        psy,
        f.instrument,
        f.startedOn,
        f.contactAts.length,
        last === null ? null : new Date(last),
        f.lastReviewAt === null ? null : new Date(f.lastReviewAt),
      ],
    );
    const score = (s: ScorePoint) =>
      one<{ id: string }>(
        `INSERT INTO assessments (patient_id, instrument, instrument_version, answered_by,
           ordered_by, answered_at, recorded_at, age_years, answers, item_values, status,
           total, band_id)
         VALUES ($1, $2, '1', 'patient', $3, $4, $4, 40, '{}', '{}', 'scored', $5, 'x')
         RETURNING id`,
        [patientId, s.instrument, cm, new Date(s.at), s.total],
      );
    for (const s of f.scores) await score(s);
    if (f.safetyAlertOpen) {
      // The alert's own screening is of another instrument than the followed.
      const a = await score({
        instrument: 'asq',
        total: 1,
        at: utc('2026-11-02T15:00:00Z'),
      });
      await db.query(
        `INSERT INTO safety_alerts (id, program_id, patient_id, assessment_id, ordered_by, flags,
           opened_at, escalate_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, '[]', now(), now())`,
        [programId, patientId, a.id, cm],
      );
    }
    for (const l of c.ledger)
      await db.query(
        `INSERT INTO time_ledger_entries (patient_id, clinician_id, time_role, activity,
           started_at, ended_at, minutes, entered_by, entered_at)
         VALUES ($1, $2, 'care_manager', 'care_management', $3, $4, $5, $2, now())`,
        [patientId, cm, l.at, l.endedAt ?? null, l.minutes ?? null],
      );
  }
  await db.query('ANALYZE');
  return programId;
}
