import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

/**
 * The behavioral health sections of the KPI page over HTTP on PostgreSQL,
 * for March 2024 (before any demo data): a warm handoff answered in 4
 * minutes, a psychiatry consult for patient P with PHQ-9 20 then 18
 * corrected to 8, and a BH episode for patient Q, never screened or seen.
 */
describe('program KPI sections over the API', () => {
  let server: RunningServer;
  let coordinator: Session;
  let handoffConsult: string;
  let p: string;
  let q: string;
  let episode: string;
  const march = 'from=2024-03-01&to=2024-03-31';

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.services.db;
    coordinator = await login(server.url, 'coordinator@demo.test');
    const a = await acceptedConsult(db, { status: 'completed' });
    const b = await acceptedConsult(db, { status: 'completed' });
    p = a.patientId;
    await db.query(
      `UPDATE consults SET created_at = '2024-03-05T15:00:00Z' WHERE id = $1`,
      [a.consultId],
    );
    handoffConsult = b.consultId;
    await db.query(
      `UPDATE consults SET created_at = '2024-03-10T15:00:00Z',
         line = 'behavioral_health' WHERE id = $1`,
      [b.consultId],
    );
    await db.query(
      `INSERT INTO warm_handoffs (consult_id, program_id, practice_id,
         patient_id, requested_by, requested_at, due_at, answered_at)
       SELECT id, program_id, practice_id, patient_id, requested_by,
         '2024-03-10T15:00:00Z', '2024-03-10T15:10:00Z',
         '2024-03-10T15:04:00Z' FROM consults WHERE id = $1`,
      [b.consultId],
    );
    q = (
      await db.query<{ id: string }>(
        `SELECT id FROM patients WHERE practice_id =
           (SELECT practice_id FROM patients WHERE id = $1) AND id <> $1
         ORDER BY id LIMIT 1`,
        [p],
      )
    ).rows[0]!.id;
    episode = (
      await db.query<{ id: string }>(
        `INSERT INTO bh_episodes (program_id, practice_id, patient_id,
           referred_by, origin, referred_at, session_limit)
         SELECT pr.program_id, pa.practice_id, pa.id, $2, 'scheduled',
           '2024-03-12T15:00:00Z', 6
           FROM patients pa JOIN practices pr ON pr.id = pa.practice_id
          WHERE pa.id = $1 RETURNING id`,
        [q, a.pcpId],
      )
    ).rows[0]!.id;
    const assess = async (
      at: string,
      total: number,
      supersedes: string | null = null,
    ) =>
      (
        await db.query<{ id: string }>(
          `INSERT INTO assessments (patient_id, instrument,
             instrument_version, answered_by, entered_by, ordered_by,
             answered_at, recorded_at, age_years, answers, item_values,
             status, total, band_id, supersedes, correction_reason)
           VALUES ($1, 'phq9', '1', 'clinician', $2, $2, $3, $3, 15, '[]',
             '[]', 'scored', $4, 'moderate', $5::uuid,
             CASE WHEN $5::uuid IS NULL THEN NULL ELSE 'typo' END)
           RETURNING id`,
          [p, a.pcpId, at, total, supersedes],
        )
      ).rows[0]!.id;
    await assess('2024-03-05T15:10:00Z', 20);
    const wrong = await assess('2024-03-26T15:00:00Z', 18);
    await assess('2024-03-26T15:00:00Z', 8, wrong);
  }, 120_000);
  afterAll(() => server?.close());

  const section = (body: { sections: { key: string }[] }, key: string) =>
    body.sections.find((s) => s.key === key);

  it('shows the four sections as collected, counted from the rows', async () => {
    const r = await api(server.url, 'GET', `/api/program/kpis?${march}`, {
      token: coordinator.token,
    });
    expect(r.status).toBe(200);
    expect(section(r.body, 'warmHandoffs')).toMatchObject({
      status: 'collected',
      figures: {
        attempted: { numerator: 1, denominator: null },
        answered: { numerator: 1, denominator: 1 },
        answeredWithinTarget: { numerator: 1, denominator: 1 },
        medianMinutesToAnswer: { numerator: 4, denominator: null },
      },
    });
    expect(section(r.body, 'engagement')).toMatchObject({
      figures: {
        referrals: { numerator: 1 },
        engagedWithin14Days: { numerator: 0, denominator: 1 },
      },
    });
    // P (two consults) and Q (the episode) in care; only P screened.
    const inCare = 2;
    expect(section(r.body, 'screening')).toMatchObject({
      figures: {
        patientsInCare: { numerator: inCare },
        screened: { numerator: 1, denominator: inCare },
      },
    });
    // 20 then 8 (the correction, not the 18 it replaced): a response.
    expect(section(r.body, 'symptomChange')).toMatchObject({
      figures: {
        phq9Measured: { numerator: 1 },
        phq9Response: { numerator: 1, denominator: 1 },
      },
    });
    expect(JSON.stringify(r.body)).not.toContain('"ids"');
  });

  it.each([
    ['sections.warmHandoffs.answeredWithinTarget', () => [handoffConsult]],
    ['sections.engagement.referrals', () => [episode]],
    ['sections.screening.screened', () => [p]],
    ['sections.symptomChange.phq9Response', () => [p]],
  ])('drills %s down to its ids', async (figure, ids) => {
    const r = await api(
      server.url,
      'GET',
      `/api/program/kpis/drill?${march}&figure=${figure}`,
      { token: coordinator.token },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ figure, ids: ids() });
  });
});
