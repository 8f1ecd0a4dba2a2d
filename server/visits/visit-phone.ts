import { AppError, conflict } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { PhoneLedger } from '../telephony/phone-ledger';
import type { Telephony } from '../telephony/telephony';
import { TWILIO_PATHS } from '../telephony/telephony-routes';
import { joinConferenceTwiml } from '../telephony/voice-twiml';
import type { VisitActor, VisitService } from './visit-service';
import { isVisitLive } from './visit-status';

export type DialOutTarget = { participantId: string } | { phone: string };

/**
 * A clinician asks the system to ring someone into the visit's phone
 * conference: an invitee whose number is on file, or the clinician's own
 * phone (bridging them to a caller who dialled in and is on hold). Dial-outs
 * start the conference; dial-in callers wait on hold until one does.
 */
export class VisitPhone {
  constructor(
    private readonly deps: { audit: AuditLog; clock: Clock },
    private readonly telephony: Telephony | null,
    private readonly ledger: PhoneLedger,
    private readonly visits: VisitService,
  ) {}

  async dialOut(
    a: VisitActor,
    visitId: string,
    target: DialOutTarget,
  ): Promise<{ callSid: string; status: string }> {
    const t = this.telephony;
    if (!t)
      throw new AppError(
        'unavailable',
        'voice_not_configured',
        'Phone calls are not set up on this server.',
      );
    if (!t.settings.publicUrl)
      throw new AppError(
        'unavailable',
        'public_url_not_configured',
        'PUBLIC_URL must be set so call time reaches the ledger.',
      );
    const { visit } = await this.visits.managedVisit(
      a,
      visitId,
      'visit.dial_out',
    );
    if (!isVisitLive(visit.status))
      throw conflict('visit_over', 'This visit has ended.');
    let to: string;
    let participantId: string | null = null;
    if ('participantId' in target) {
      const { participant } = await this.visits.managedParticipant(
        a,
        visitId,
        target.participantId,
        'visit.dial_out',
      );
      if (participant.state === 'removed')
        throw conflict(
          'participant_removed',
          'This person was removed from the visit.',
        );
      if (!participant.phoneE164)
        throw conflict(
          'no_phone_on_file',
          'There is no phone number on file for this person.',
        );
      to = participant.phoneE164;
      participantId = participant.id;
    } else {
      to = target.phone;
    }
    const twiml = joinConferenceTwiml(
      {
        conferenceName: visit.conferenceName,
        statusCallbackUrl: t.settings.publicUrl + TWILIO_PATHS.conference,
        startsConference: true,
      },
      null,
    );
    const placed = await t.voice.dialOut(
      to,
      twiml,
      t.settings.publicUrl + TWILIO_PATHS.callStatus,
    );
    const now = this.deps.clock.now();
    await this.ledger.register(
      {
        callSid: placed.callSid,
        visitId,
        direction: 'dial_out',
        participantId,
        staffUserId: participantId ? null : a.user.userId,
      },
      now,
      placed.status,
    );
    await this.deps.audit.record({
      action: 'visit.dial_out',
      userId: a.user.userId,
      role: a.user.role,
      patientId: visit.patientId,
      resourceType: 'visit',
      resourceId: visitId,
      requestId: a.requestId,
      clientIp: a.clientIp,
      details: {
        callSid: placed.callSid,
        target: participantId ? 'participant' : 'self',
        ...(participantId ? { participantId } : {}),
      },
    });
    return placed;
  }
}
