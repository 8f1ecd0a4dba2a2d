import type { Queryable } from '../db/database';
import type { ReportPageContext } from './report-page';
import type { Addendum, ConsultReport, ReportDraft } from './consult-report';

const COLUMNS = `id, consult_id AS "consultId", author_id AS "authorId", status, question, assessment, recommendations,
  medication_guidance AS "medicationGuidance", direct_evaluation_advised AS "directEvaluationAdvised", referral_advised AS "referralAdvised",
  follow_up AS "followUp", verbal_discussion AS "verbalDiscussion", disposition,
  diagnosis_categories AS "diagnosisCategories", signed_at AS "signedAt", signed_by AS "signedBy",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findReport(
  db: Queryable,
  consultId: string,
): Promise<ConsultReport | null> {
  const { rows } = await db.query<Omit<ConsultReport, 'addenda'>>(
    `SELECT ${COLUMNS} FROM consult_reports WHERE consult_id = $1`,
    [consultId],
  );
  const r = rows[0];
  if (!r) return null;
  const addenda = await db.query<Addendum>(
    `SELECT id, author_id AS "authorId", body, signed_at AS "signedAt" FROM consult_report_addenda WHERE report_id = $1 ORDER BY signed_at, id`,
    [r.id],
  );
  return { ...r, addenda: addenda.rows };
}

/** Creates the draft or replaces its content (the lock trigger refuses this once signed). */
export async function saveDraft(
  db: Queryable,
  consultId: string,
  authorId: string,
  d: ReportDraft,
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO consult_reports (consult_id, author_id, question, assessment, recommendations, medication_guidance, direct_evaluation_advised,
       referral_advised, follow_up, verbal_discussion, created_at, updated_at, disposition, diagnosis_categories)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
     ON CONFLICT (consult_id) DO UPDATE SET question = EXCLUDED.question, assessment = EXCLUDED.assessment, recommendations = EXCLUDED.recommendations,
       medication_guidance = EXCLUDED.medication_guidance, direct_evaluation_advised = EXCLUDED.direct_evaluation_advised,
       referral_advised = EXCLUDED.referral_advised, follow_up = EXCLUDED.follow_up, verbal_discussion = EXCLUDED.verbal_discussion,
       disposition = EXCLUDED.disposition, diagnosis_categories = EXCLUDED.diagnosis_categories, updated_at = EXCLUDED.updated_at
     RETURNING id`,
    [
      consultId,
      authorId,
      d.question,
      d.assessment,
      d.recommendations,
      d.medicationGuidance,
      d.directEvaluationAdvised,
      d.referralAdvised,
      d.followUp,
      d.verbalDiscussion,
      now,
      d.disposition,
      d.diagnosisCategories,
    ],
  );
  return rows[0]!.id;
}

export async function markSigned(
  db: Queryable,
  reportId: string,
  by: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE consult_reports SET status = 'signed', signed_at = $2, signed_by = $3, updated_at = $2 WHERE id = $1 AND status = 'draft'`,
    [reportId, now, by],
  );
}

export async function insertAddendum(
  db: Queryable,
  reportId: string,
  authorId: string,
  body: string,
  now: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO consult_report_addenda (report_id, author_id, body, signed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [reportId, authorId, body, now],
  );
  return rows[0]!.id;
}

export async function recordDelivery(
  db: Queryable,
  reportId: string,
  addendumId: string | null,
  recipientId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO consult_report_deliveries (report_id, addendum_id, recipient_id, delivered_at) VALUES ($1, $2, $3, $4)`,
    [reportId, addendumId, recipientId, now],
  );
}

export interface InboxItem {
  reportId: string;
  consultId: string;
  patientId: string;
  authorId: string;
  authorName: string;
  signedAt: Date;
  addendumCount: number;
  lastDeliveredAt: Date | null;
}

/** Signed reports on the consults of a practice, newest first: the PCP's view. */
export async function signedReportsForPractice(
  db: Queryable,
  practiceId: string,
  recipientId: string,
): Promise<InboxItem[]> {
  const { rows } = await db.query<InboxItem>(
    `SELECT r.id AS "reportId", r.consult_id AS "consultId", c.patient_id AS "patientId", r.author_id AS "authorId", u.display_name AS "authorName",
        r.signed_at AS "signedAt", (SELECT count(*)::int FROM consult_report_addenda a WHERE a.report_id = r.id) AS "addendumCount",
        (SELECT max(d.delivered_at) FROM consult_report_deliveries d WHERE d.report_id = r.id AND d.recipient_id = $2) AS "lastDeliveredAt"
       FROM consult_reports r JOIN consults c ON c.id = r.consult_id JOIN users u ON u.id = r.author_id
      WHERE c.practice_id = $1 AND r.status = 'signed' ORDER BY r.signed_at DESC LIMIT 200`,
    [practiceId, recipientId],
  );
  return rows;
}

/** What the printed report shows around its text: program, practice, patient, clinicians, time zone. */
export async function reportPageContext(
  db: Queryable,
  consultId: string,
  authorId: string,
): Promise<ReportPageContext> {
  const { rows } = await db.query<ReportPageContext>(
    `SELECT p.name AS "programName", pr.name AS "practiceName", pa.given_name || ' ' || pa.family_name AS "patientName",
        to_char(pa.birth_date, 'YYYY-MM-DD') AS "patientBirthDate", a.display_name AS "consultantName", q.display_name AS "requesterName", p.timezone AS "timeZone"
       FROM consults c JOIN programs p ON p.id = c.program_id JOIN practices pr ON pr.id = c.practice_id JOIN patients pa ON pa.id = c.patient_id
       JOIN users a ON a.id = $2 JOIN users q ON q.id = c.requested_by WHERE c.id = $1`,
    [consultId, authorId],
  );
  return rows[0]!;
}
