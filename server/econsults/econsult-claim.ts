import { auditInsert } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit-actor';
import { POOL_ELIGIBLE } from '../consults/consult-repository';
import type { MoveOptions } from '../consults/consult-lifecycle';
import { forbidden } from '../errors';

/**
 * The claim's guard: the claimant is eligible for this pooled eConsult now
 * (license, specialty, language, the named psychiatrist). It runs inside the
 * move's one statement, so eligibility and the conditional UPDATE from
 * `pooled` are decided together by PostgreSQL: of two psychiatrists claiming
 * at once, the second finds the row `claimed` and is refused.
 */
export function claimGuard(
  psychiatristId: string,
): NonNullable<MoveOptions['guard']> {
  return {
    sql: (n) => `SELECT 1 FROM consults c
        JOIN patients pa ON pa.id = c.patient_id
        JOIN programs pr ON pr.id = c.program_id
        JOIN users u ON u.id = $${n}::uuid
       WHERE c.id = (SELECT id FROM prev) AND ${POOL_ELIGIBLE}`,
    params: [psychiatristId],
    refusal: () =>
      forbidden(
        'You cannot claim this eConsult: it needs a psychiatrist licensed in ' +
          "the patient's state with its specialty and language, or the " +
          'psychiatrist the PCP named.',
        'not_eligible_for_econsult',
      ),
  };
}

/** The claim's audit row, written in the claim's statement (from `upd`). */
export function claimAudit(actor: AuditActor) {
  return auditInsert(
    {
      action: 'econsult.claim',
      userId: actor.userId,
      role: actor.role,
      requestId: actor.requestId,
      clientIp: actor.clientIp,
      resourceType: 'consult',
    },
    { source: 'upd', patientId: 'upd."patientId"', resourceId: 'upd.id' },
  );
}
