import { z } from 'zod';
import type { Visitor } from '../../signaling/socket-identity';
import { recomputeConsult } from '../billing/billing-recompute';
import { badRequest, conflict } from '../errors';
import {
  CONSENT_KINDS,
  findShownText,
  type ShownConsentText,
} from './consent-texts';
import { recordOnlineConsultConsent } from './online-consult-consent';
import {
  auditVisitor,
  type CheckInWork,
  type VisitorOrigin,
} from './visit-check-in-deps';
import type { OwnVisitState } from './visit-lobby';
import { insertConsent } from './visit-consent-repository';
import {
  loadOwnVisit,
  offeredConsentTexts,
  republishVisit,
  requireCheckingIn,
} from './visitor-own-visit';

export const consentSubmissionSchema = z.object({
  language: z.enum(['en', 'es']),
  /** Who is agreeing: the patient, or for a minor the parent or guardian holding the phone. */
  signerName: z.string().trim().min(2, 'is required').max(200),
  signerRelationship: z.string().trim().max(60).optional(),
  consents: z
    .array(
      z.object({
        kind: z.enum(CONSENT_KINDS),
        version: z.string().min(1).max(60),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the text shown'),
      }),
    )
    .min(1, 'agree to at least one text'),
});
export type ConsentSubmission = z.infer<typeof consentSubmissionSchema>;

/**
 * The visitor agrees to the texts they were shown (each checked by version and
 * hash). Agreeing to the online-consult consent also records it on the consult,
 * which may change what can be billed.
 */
export async function submitConsent(
  w: CheckInWork,
  v: Visitor,
  sub: ConsentSubmission,
  o: VisitorOrigin,
): Promise<OwnVisitState> {
  const { participant, visit, minor } = await loadOwnVisit(
    w,
    v.visitId,
    v.participantId,
  );
  requireCheckingIn(participant);
  const allowed = await offeredConsentTexts(w, v, sub.language);
  const now = w.clock.now();
  const consultConsent = await w.db.transaction(async (tx) => {
    const agreed: ShownConsentText[] = [];
    for (const c of sub.consents) {
      const shown = findShownText(c.kind, c.version, c.sha256);
      if (!shown || !allowed.some((a) => a.kind === c.kind)) {
        throw conflict(
          'consent_text_outdated',
          'The consent text has changed. Please read the current text and agree again.',
          { kind: c.kind },
        );
      }
      if (c.kind === 'guardian_for_minor' && !minor)
        throw badRequest(
          'validation_failed',
          'Please check the form. consents: a guardian consent is only for a patient under 18.',
        );
      if (
        c.kind === 'guardian_for_minor' &&
        !sub.signerRelationship &&
        participant.role === 'patient'
      ) {
        throw badRequest(
          'validation_failed',
          'Please check the form. signerRelationship: say how you are related to the patient.',
          [
            {
              field: 'signerRelationship',
              message: 'is required for a guardian consent',
            },
          ],
        );
      }
      await insertConsent(tx, {
        visitId: visit.id,
        participantId: participant.id,
        kind: c.kind,
        version: shown.version,
        language: shown.language,
        sha256: shown.sha256,
        signerName: sub.signerName,
        relationship: sub.signerRelationship ?? participant.relationship,
        now,
        clientIp: o.clientIp,
      });
      agreed.push(shown);
    }
    const wrote = await recordOnlineConsultConsent(tx, {
      visit,
      shown: agreed,
      signerName: sub.signerName,
      relationship: sub.signerRelationship ?? participant.relationship,
      now,
    });
    await auditVisitor(
      w.audit,
      {
        visitId: visit.id,
        participantId: participant.id,
        patientId: visit.patientId,
      },
      o,
      {
        action: 'visit.consent',
        details: {
          kinds: sub.consents.map((c) => c.kind),
          consultConsent: wrote,
        },
      },
      tx,
    );
    return wrote;
  });
  if (consultConsent)
    // The consent is kept either way; a failed recompute is retried by the next fact.
    await recomputeConsult(w, visit.consultId).catch((err) =>
      w.logger.error(
        { err, consultId: visit.consultId },
        'billing recompute after online consent failed',
      ),
    );
  await republishVisit(w, visit);
  return (await loadOwnVisit(w, v.visitId, v.participantId)).state;
}
