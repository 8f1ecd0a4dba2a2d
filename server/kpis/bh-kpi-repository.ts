import type { Database } from '../db/database';
import type {
  CareSpanFact,
  HandoffKpiFact,
  ReferralKpiFact,
  ScoreFact,
} from './bh-kpi-figures';
import type { KpiPeriod } from './kpi-period';

/**
 * Loads the facts behind the behavioral health KPI sections for one program
 * and period (the period's instants, from the program's time zone). Only
 * the rows the period can touch; the pure functions apply the rules.
 */
type Scope = { programId: string; period: KpiPeriod };
const bounds = (p: KpiPeriod) => [new Date(p.startMs), new Date(p.endMs)];

export async function loadHandoffFacts(
  db: Database,
  { programId, period }: Scope,
): Promise<HandoffKpiFact[]> {
  const { rows } = await db.query<{
    consult_id: string;
    requested_at: Date;
    due_at: Date;
    answered_at: Date | null;
  }>(
    `SELECT h.consult_id, h.requested_at, h.due_at, h.answered_at
       FROM warm_handoffs h JOIN consults c ON c.id = h.consult_id
      WHERE h.program_id = $1 AND c.line = 'behavioral_health'
        AND h.requested_at >= $2 AND h.requested_at < $3
      ORDER BY h.requested_at, h.consult_id`,
    [programId, ...bounds(period)],
  );
  return rows.map((r) => ({
    consultId: r.consult_id,
    requestedAt: r.requested_at.getTime(),
    dueAt: r.due_at.getTime(),
    answeredAt: r.answered_at?.getTime() ?? null,
  }));
}

/** Episodes referred in the period and their first session (at any time). */
export async function loadReferralFacts(
  db: Database,
  { programId, period }: Scope,
): Promise<ReferralKpiFact[]> {
  const { rows } = await db.query<{
    id: string;
    referred_at: Date;
    first_session_at: Date | null;
  }>(
    `SELECT e.id, e.referred_at,
            (SELECT min(s.held_at) FROM bh_sessions s
              WHERE s.episode_id = e.id) AS first_session_at
       FROM bh_episodes e
      WHERE e.program_id = $1 AND e.referred_at >= $2 AND e.referred_at < $3
      ORDER BY e.referred_at, e.id`,
    [programId, ...bounds(period)],
  );
  return rows.map((r) => ({
    episodeId: r.id,
    referredAt: r.referred_at.getTime(),
    firstSessionAt: r.first_session_at?.getTime() ?? null,
  }));
}

/** Consults created in the period, and BH episodes open at some time in it. */
export async function loadCareSpans(
  db: Database,
  { programId, period }: Scope,
): Promise<CareSpanFact[]> {
  const { rows } = await db.query<{
    patient_id: string;
    from_at: Date;
    to_at: Date | null;
  }>(
    `SELECT patient_id, created_at AS from_at, created_at AS to_at
       FROM consults
      WHERE program_id = $1 AND created_at >= $2 AND created_at < $3
        -- A care manager's video contact is registry work, not a consult.
        AND line <> 'care_management'
     UNION ALL
     SELECT patient_id, referred_at, closed_at
       FROM bh_episodes
      WHERE program_id = $1 AND referred_at < $3
        AND (closed_at IS NULL OR closed_at >= $2)
      ORDER BY 2, 1`,
    [programId, ...bounds(period)],
  );
  return rows.map((r) => ({
    patientId: r.patient_id,
    fromMs: r.from_at.getTime(),
    toMs: r.to_at?.getTime() ?? null,
  }));
}

/**
 * Scored assessments answered in the period by the program's patients that
 * no correction supersedes (a corrected row counts once, as corrected).
 */
export async function loadScoreFacts(
  db: Database,
  { programId, period }: Scope,
): Promise<ScoreFact[]> {
  const { rows } = await db.query<{
    patient_id: string;
    instrument: string;
    answered_at: Date;
    total: number;
  }>(
    `SELECT a.patient_id, a.instrument, a.answered_at, a.total
       FROM assessments a
       JOIN patients p ON p.id = a.patient_id
       JOIN practices pr ON pr.id = p.practice_id
      WHERE pr.program_id = $1 AND a.status = 'scored'
        AND a.answered_at >= $2 AND a.answered_at < $3
        AND NOT EXISTS (SELECT 1 FROM assessments c WHERE c.supersedes = a.id)
      ORDER BY a.answered_at, a.id`,
    [programId, ...bounds(period)],
  );
  return rows.map((r) => ({
    patientId: r.patient_id,
    instrument: r.instrument,
    answeredAtMs: r.answered_at.getTime(),
    total: r.total,
  }));
}
