import type { Reason } from './billing-facts';
import type { VisitFacts } from './visit-facts';
import type { LegMedium, VisitLeg } from './visit-legs';

/**
 * How a telehealth visit was delivered, as its line states it: audio only
 * or audio-video (and the payer's modifier for it), and the place of
 * service by where the patient was.
 */

/** Audio only when every patient leg was audio only (phone, or web without video). */
export function modality(patientLegs: readonly VisitLeg[]): {
  medium: LegMedium;
  reason: Reason;
} {
  const video = patientLegs.filter((l) => l.medium === 'audio_video');
  const legs = patientLegs.map((l) => `${l.via} (${l.medium})`).join(', ');
  return video.length
    ? {
        medium: 'audio_video',
        reason: {
          rule: 'modality.audio_video',
          outcome: 'allowed',
          message: `Audio-video: the patient joined by video (patient legs: ${legs}).`,
        },
      }
    : {
        medium: 'audio_only',
        reason: {
          rule: 'modality.audio_only',
          outcome: 'allowed',
          message: `Audio only: every patient leg was audio only (${legs}); allowed for behavioral health when the patient cannot or will not use video.`,
        },
      };
}

export function modifiersFor(f: VisitFacts, medium: LegMedium): string[] {
  const t = f.rules.telehealth;
  const m =
    medium === 'audio_only' ? t.audioOnlyModifier : t.audioVideoModifier;
  return m ? [m] : [];
}

export function placeOfService(f: VisitFacts): {
  code: string;
  confirmed: boolean;
  known: boolean;
} {
  const t = f.rules.telehealth;
  const confirmed = f.attestation?.patientLocation ?? null;
  // The patient's own answer first; for a child, the guardian's.
  const answer = (role: string) =>
    f.participants.find((p) => p.role === role && p.reportedLocation)
      ?.reportedLocation ?? null;
  const reported = answer('patient') ?? answer('guardian');
  const where = confirmed ?? reported;
  return {
    code: where === 'home' ? t.homePlaceOfService : t.elsewherePlaceOfService,
    confirmed: confirmed !== null,
    known: where !== null,
  };
}

export function placeReason(f: VisitFacts): Reason {
  const t = f.rules.telehealth;
  const pos = placeOfService(f);
  const where = pos.code === t.homePlaceOfService ? 'at home' : 'not at home';
  if (pos.confirmed)
    return {
      rule: 'location.confirmed',
      outcome: 'allowed',
      message: `POS ${pos.code}: the psychiatrist confirmed the patient was ${where}.`,
    };
  return {
    rule: pos.known ? 'location.unconfirmed' : 'location.unknown',
    outcome: t.holdUntilLocationConfirmed || !pos.known ? 'held' : 'info',
    message: pos.known
      ? `POS ${pos.code}: the patient said at check-in they were ${where}; the psychiatrist has not confirmed it yet.`
      : `The patient's location is not recorded: POS ${pos.code} is a placeholder until the psychiatrist confirms home (${t.homePlaceOfService}) or elsewhere (${t.elsewherePlaceOfService}).`,
  };
}
