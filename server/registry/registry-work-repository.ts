import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';
import type { RegistryEpisode } from './registry-episode';
import { EPISODE_COLUMNS } from './registry-episode-repository';

/** SQL for contacts and reviews and the episode summaries they keep. */

export function contactInsert(c: {
  id: string;
  enrollmentId: string;
  patientId: string;
  careManagerId: string;
  mode: string;
  outcome: string;
  contactedAt: Date;
  ledgerEntryId: string;
  nextContactOn: string | null;
  now: Date;
  /** The video contact's consult: one contact per call (unique). */
  consultId?: string | null;
}): Statement {
  return {
    sql: `INSERT INTO registry_contacts (id, enrollment_id, patient_id, care_manager_id, mode, outcome, contacted_at, ledger_entry_id, next_contact_on, recorded_at, consult_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    params: [
      c.id,
      c.enrollmentId,
      c.patientId,
      c.careManagerId,
      c.mode,
      c.outcome,
      c.contactedAt,
      c.ledgerEntryId,
      c.nextContactOn,
      c.now,
      c.consultId ?? null,
    ],
  };
}

/** The episode's contact summary after one more contact (the latest wins). */
export const contactSummary = (
  enrollmentId: string,
  contactedAt: Date,
  nextContactOn: string | null,
): Statement => ({
  sql: `UPDATE registry_enrollments SET contacts = contacts + 1,
          next_contact_on = CASE WHEN last_contact_at IS NULL OR last_contact_at <= $2 THEN $3::date ELSE next_contact_on END,
          last_contact_at = greatest(last_contact_at, $2)
        WHERE enrollment_id = $1 RETURNING enrollment_id AS id`,
  params: [enrollmentId, contactedAt, nextContactOn],
});

/** A contact and the episode it belongs to (whose care team may change it). */
export async function findContact(
  db: Queryable,
  id: string,
): Promise<{
  contactId: string;
  mode: string;
  episode: RegistryEpisode;
} | null> {
  const { rows } = await db.query<
    RegistryEpisode & { contactId: string; mode: string }
  >(
    `SELECT k.id AS "contactId", k.mode, ${EPISODE_COLUMNS}
       FROM registry_contacts k
       JOIN registry_enrollments r ON r.enrollment_id = k.enrollment_id
       JOIN care_enrollments e ON e.id = r.enrollment_id
      WHERE k.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const { contactId, mode, ...episode } = row;
  return { contactId, mode, episode };
}

/** A contact's next contact date, set or changed after it was written. */
export const contactNextDate = (
  contactId: string,
  nextContactOn: string,
): Statement => ({
  sql: `UPDATE registry_contacts SET next_contact_on = $2::date
        WHERE id = $1 RETURNING id, to_char(next_contact_on, 'YYYY-MM-DD') AS "nextContactOn"`,
  params: [contactId, nextContactOn],
});

/**
 * The episode's next contact follows the contact only if it is the latest
 * one (contactSummary's rule: the latest contact's date is the episode's).
 * Reads the contact's time itself: the parts of one allOrNone statement run
 * on one snapshot, and its contacted_at does not change.
 */
export const nextContactSummary = (
  enrollmentId: string,
  contactId: string,
  nextContactOn: string,
): Statement => ({
  sql: `UPDATE registry_enrollments SET next_contact_on = $3::date
        WHERE enrollment_id = $1 AND last_contact_at <= (
          SELECT contacted_at FROM registry_contacts WHERE id = $2)
        RETURNING enrollment_id AS id`,
  params: [enrollmentId, contactId, nextContactOn],
});

export function reviewInsert(r: {
  id: string;
  enrollmentId: string;
  patientId: string;
  practiceId: string;
  consultantId: string;
  pcpId: string;
  recommendation: string;
  note: string;
  reviewedAt: Date;
  ledgerEntryId: string;
}): Statement {
  return {
    sql: `INSERT INTO registry_reviews (id, enrollment_id, patient_id, practice_id, consultant_id, pcp_id, recommendation, note, reviewed_at, ledger_entry_id)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    params: [
      r.id,
      r.enrollmentId,
      r.patientId,
      r.practiceId,
      r.consultantId,
      r.pcpId,
      r.recommendation,
      r.note,
      r.reviewedAt,
      r.ledgerEntryId,
    ],
  };
}

export const reviewSummary = (
  enrollmentId: string,
  reviewedAt: Date,
  recommendation: string,
): Statement => ({
  sql: `UPDATE registry_enrollments SET last_review_at = $2, last_recommendation = $3
        WHERE enrollment_id = $1 RETURNING enrollment_id AS id`,
  params: [enrollmentId, reviewedAt, recommendation],
});

/** The PCP's decision, once: a decided task is not decided again. */
export const taskDecision = (
  reviewId: string,
  decision: string,
  by: string,
  at: Date,
): Statement => ({
  sql: `UPDATE registry_reviews SET task_status = $2, decided_by = $3, decided_at = $4
        WHERE id = $1 AND task_status = 'pending' RETURNING id`,
  params: [reviewId, decision, by, at],
});

export async function contactsOf(db: Queryable, enrollmentId: string) {
  const { rows } = await db.query(
    `SELECT k.id, k.mode, k.outcome, k.contacted_at AS "contactedAt",
            coalesce(l.minutes, (extract(epoch FROM l.ended_at - l.started_at) / 60)::int) AS minutes,
            to_char(k.next_contact_on, 'YYYY-MM-DD') AS "nextContactOn", k.ledger_entry_id AS "ledgerEntryId"
       FROM registry_contacts k LEFT JOIN time_ledger_entries l ON l.id = k.ledger_entry_id
      WHERE k.enrollment_id = $1 ORDER BY k.contacted_at DESC`,
    [enrollmentId],
  );
  return rows.map((r) => ({
    ...r,
    contactedAt: (r.contactedAt as Date).toISOString(),
  }));
}

const REVIEW_COLUMNS = `w.id, w.patient_id AS "patientId",
  p.given_name || ' ' || p.family_name AS "patientName",
  u.display_name AS "consultantName", w.recommendation, w.note,
  w.reviewed_at AS "reviewedAt", l.minutes, w.task_status AS "taskStatus",
  w.decided_at AS "decidedAt"`;
const REVIEW_FROM = `registry_reviews w JOIN patients p ON p.id = w.patient_id
  JOIN users u ON u.id = w.consultant_id
  JOIN time_ledger_entries l ON l.id = w.ledger_entry_id`;

const reviewJson = (r: Record<string, unknown>) => ({
  ...r,
  reviewedAt: (r.reviewedAt as Date).toISOString(),
  decidedAt: r.decidedAt ? (r.decidedAt as Date).toISOString() : null,
});

export async function reviewsOf(db: Queryable, enrollmentId: string) {
  const { rows } = await db.query(
    `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE w.enrollment_id = $1 ORDER BY w.reviewed_at DESC`,
    [enrollmentId],
  );
  return rows.map(reviewJson);
}

/** A PCP's review tasks: pending first, then the last 30 days' decisions. */
export async function tasksOf(db: Queryable, pcpId: string, since: Date) {
  const { rows } = await db.query(
    `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM}
      WHERE w.pcp_id = $1 AND (w.task_status = 'pending' OR w.decided_at >= $2)
      ORDER BY w.task_status <> 'pending', w.reviewed_at DESC`,
    [pcpId, since],
  );
  return rows.map(reviewJson);
}

export async function findReview(db: Queryable, id: string) {
  const { rows } = await db.query<{
    id: string;
    patientId: string;
    pcpId: string;
    programId: string;
    taskStatus: string;
  }>(
    `SELECT w.id, w.patient_id AS "patientId", w.pcp_id AS "pcpId", r.program_id AS "programId", w.task_status AS "taskStatus"
       FROM registry_reviews w JOIN registry_enrollments r ON r.enrollment_id = w.enrollment_id
      WHERE w.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
