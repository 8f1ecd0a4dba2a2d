import type { Queryable } from '../db/database';
import type {
  EpisodeOutcome,
  EpisodeReportDraft,
  SessionNote,
} from '../../signaling/protocol/rest/episodes';
import type {
  Episode,
  EpisodeSession,
  ReferralCandidate,
  SessionScreening,
} from './episode';
import type { EnrollmentSpan } from './session-billing';

/** SQL of episodes, their sessions and their report. */

export const EPISODE = `id, program_id AS "programId", practice_id AS "practiceId", patient_id AS "patientId",
  referred_by AS "referredBy", clinician_id AS "clinicianId", origin, handoff_id AS "handoffId",
  referred_at AS "referredAt", scheduled_for AS "scheduledFor", session_limit AS "sessionLimit", status,
  outcome, outcome_referral AS "outcomeReferral", step_up_consult_id AS "stepUpConsultId", closed_at AS "closedAt"`;

export const SESSION = `id, episode_id AS "episodeId", number, clinician_id AS "clinicianId", mode, held_at AS "heldAt",
  minutes, focus, interventions, homework, risk_level AS "riskLevel", assessment_id AS "assessmentId",
  instrument, score`;

export interface NewEpisode {
  programId: string;
  practiceId: string;
  patientId: string;
  referredBy: string;
  clinicianId: string | null;
  origin: Episode['origin'];
  handoffId: string | null;
  referredAt: Date;
  scheduledFor: Date | null;
  sessionLimit: number;
}

/** One episode per handoff: a second insert for the same handoff returns the first. */
export async function insertEpisode(
  q: Queryable,
  e: NewEpisode,
): Promise<Episode> {
  const { rows } = await q.query<Episode>(
    `INSERT INTO bh_episodes (program_id, practice_id, patient_id, referred_by, clinician_id, origin, handoff_id,
                              referred_at, scheduled_for, session_limit)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (handoff_id) WHERE handoff_id IS NOT NULL DO UPDATE SET handoff_id = EXCLUDED.handoff_id
     RETURNING ${EPISODE}`,
    [
      e.programId,
      e.practiceId,
      e.patientId,
      e.referredBy,
      e.clinicianId,
      e.origin,
      e.handoffId,
      e.referredAt,
      e.scheduledFor,
      e.sessionLimit,
    ],
  );
  return rows[0]!;
}

export async function findEpisode(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<Episode | null> {
  const { rows } = await q.query<Episode>(
    `SELECT ${EPISODE} FROM bh_episodes WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function episodeOfHandoff(
  q: Queryable,
  handoffId: string,
): Promise<Episode | null> {
  const { rows } = await q.query<Episode>(
    `SELECT ${EPISODE} FROM bh_episodes WHERE handoff_id = $1`,
    [handoffId],
  );
  return rows[0] ?? null;
}

/** The episodes a caller's scope covers (the route already chose the scope). */
export async function listEpisodes(
  q: Queryable,
  f: {
    programId: string;
    practiceId: string | null;
    clinicianId: string | null;
    patientId: string | null;
  },
): Promise<(Episode & { patientName: string })[]> {
  // The name tells the episodes apart on a clinician's list.
  const { rows } = await q.query<Episode & { patientName: string }>(
    `SELECT ${EPISODE},
            (SELECT p.given_name || ' ' || p.family_name FROM patients p
              WHERE p.id = bh_episodes.patient_id) AS "patientName"
       FROM bh_episodes
      WHERE program_id = $1 AND ($2::uuid IS NULL OR practice_id = $2)
        AND ($3::uuid IS NULL OR clinician_id = $3) AND ($4::uuid IS NULL OR patient_id = $4)
      ORDER BY referred_at DESC LIMIT 200`,
    [f.programId, f.practiceId, f.clinicianId, f.patientId],
  );
  return rows;
}

export async function listSessions(
  q: Queryable,
  episodeId: string,
): Promise<EpisodeSession[]> {
  const { rows } = await q.query<EpisodeSession>(
    `SELECT ${SESSION} FROM bh_sessions WHERE episode_id = $1 ORDER BY number`,
    [episodeId],
  );
  return rows;
}

export async function insertSession(
  q: Queryable,
  s: {
    episodeId: string;
    number: number;
    clinicianId: string;
    note: SessionNote;
    heldAt: Date;
    /** The session's minutes in the time ledger (same transaction). */
    ledgerEntryId: string;
    /** The assessment stored with it (same transaction), if one was given. */
    screening: SessionScreening | null;
  },
): Promise<EpisodeSession> {
  const { rows } = await q.query<EpisodeSession>(
    `INSERT INTO bh_sessions (episode_id, number, clinician_id, mode, held_at, minutes, focus, interventions,
                              homework, risk_level, assessment_id, instrument, score, created_at, ledger_entry_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $5, $14)
     RETURNING ${SESSION}`,
    [
      s.episodeId,
      s.number,
      s.clinicianId,
      s.note.mode,
      s.heldAt,
      s.note.minutes,
      s.note.focus,
      s.note.interventions,
      s.note.homework,
      s.note.riskLevel,
      s.screening?.assessmentId ?? null,
      s.screening?.instrument ?? null,
      s.screening?.score ?? null,
      s.ledgerEntryId,
    ],
  );
  return rows[0]!;
}

/** Open behavioral health clinicians of a program with their caseloads. */
export async function referralCandidates(
  q: Queryable,
  programId: string,
): Promise<ReferralCandidate[]> {
  const { rows } = await q.query<ReferralCandidate>(
    `SELECT u.id AS "userId", u.licensed_states AS "licensedStates", u.languages,
            (SELECT count(*)::int FROM bh_episodes e WHERE e.clinician_id = u.id AND e.status = 'open') AS "openEpisodes"
       FROM users u WHERE u.program_id = $1 AND u.role = 'bh_clinician' AND u.active`,
    [programId],
  );
  return rows.map((r) => ({
    ...r,
    licensedStates: r.licensedStates.map((s) => s.trim()),
  }));
}

export async function closeEpisodeRow(
  q: Queryable,
  id: string,
  c: {
    outcome: EpisodeOutcome;
    referral: string | null;
    stepUpConsultId: string | null;
    at: Date;
  },
): Promise<Episode | null> {
  const { rows } = await q.query<Episode>(
    `UPDATE bh_episodes SET status = 'closed', outcome = $2, outcome_referral = $3, step_up_consult_id = $4,
            closed_at = $5
      WHERE id = $1 AND status = 'open' RETURNING ${EPISODE}`,
    [id, c.outcome, c.referral, c.stepUpConsultId, c.at],
  );
  return rows[0] ?? null;
}

export interface EpisodeReport extends EpisodeReportDraft {
  id: string;
  episodeId: string;
  authorId: string;
  status: 'draft' | 'signed';
  signedAt: Date | null;
  addenda: { id: string; body: string; signedAt: Date }[];
}

export async function findEpisodeReport(
  q: Queryable,
  episodeId: string,
): Promise<EpisodeReport | null> {
  const { rows } = await q.query<Omit<EpisodeReport, 'addenda'>>(
    `SELECT id, episode_id AS "episodeId", author_id AS "authorId", summary, recommendations, status,
            signed_at AS "signedAt"
       FROM bh_episode_reports WHERE episode_id = $1`,
    [episodeId],
  );
  const r = rows[0];
  if (!r) return null;
  const addenda = await q.query<EpisodeReport['addenda'][number]>(
    `SELECT id, body, signed_at AS "signedAt" FROM bh_episode_report_addenda
      WHERE report_id = $1 ORDER BY signed_at, id`,
    [r.id],
  );
  return { ...r, addenda: addenda.rows };
}

/** Upserts the draft; the lock trigger refuses it once signed. */
export async function saveEpisodeDraft(
  q: Queryable,
  episodeId: string,
  authorId: string,
  d: EpisodeReportDraft,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO bh_episode_reports (episode_id, author_id, summary, recommendations, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (episode_id) DO UPDATE SET summary = $3, recommendations = $4, updated_at = $5`,
    [episodeId, authorId, d.summary, d.recommendations, now],
  );
}

export async function signEpisodeReport(
  q: Queryable,
  reportId: string,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE bh_episode_reports SET status = 'signed', signed_at = $2, updated_at = $2 WHERE id = $1`,
    [reportId, now],
  );
}

export async function insertEpisodeAddendum(
  q: Queryable,
  reportId: string,
  authorId: string,
  body: string,
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO bh_episode_report_addenda (report_id, author_id, body, signed_at)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [reportId, authorId, body, now],
  );
  return rows[0]!.id;
}

/** Names and time zone for the printed report. */
export async function episodePageFacts(
  q: Queryable,
  e: Episode,
): Promise<{
  programName: string;
  timeZone: string;
  practiceName: string;
  patientName: string;
  patientBirthDate: string;
  requesterName: string;
  clinicianName: string;
}> {
  const { rows } = await q.query<{
    programName: string;
    timeZone: string;
    practiceName: string;
    patientName: string;
    patientBirthDate: string;
    requesterName: string;
    clinicianName: string | null;
  }>(
    `SELECT pr.name AS "programName", pr.timezone AS "timeZone", pc.name AS "practiceName",
            p.given_name || ' ' || p.family_name AS "patientName", p.birth_date::text AS "patientBirthDate",
            r.display_name AS "requesterName", c.display_name AS "clinicianName"
       FROM bh_episodes e JOIN programs pr ON pr.id = e.program_id JOIN practices pc ON pc.id = e.practice_id
       JOIN patients p ON p.id = e.patient_id JOIN users r ON r.id = e.referred_by
       LEFT JOIN users c ON c.id = e.clinician_id
      WHERE e.id = $1`,
    [e.id],
  );
  const r = rows[0]!;
  return { ...r, clinicianName: r.clinicianName ?? 'Not yet assigned' };
}

/** The patient's care enrollments and the program's time zone, for session billing. */
export async function billingContext(
  q: Queryable,
  e: Episode,
): Promise<{ enrollments: EnrollmentSpan[]; timeZone: string }> {
  const [enrollments, tz] = await Promise.all([
    q.query<EnrollmentSpan>(
      `SELECT kind, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate"
         FROM care_enrollments WHERE patient_id = $1`,
      [e.patientId],
    ),
    q.query<{ timezone: string }>(
      'SELECT timezone FROM programs WHERE id = $1',
      [e.programId],
    ),
  ]);
  return {
    enrollments: enrollments.rows,
    timeZone: tz.rows[0]?.timezone ?? 'America/New_York',
  };
}
