import type { Visitor } from '../../signaling/socket-identity';
import { dialInNumber } from '../telephony/twilio-settings';
import type { ShownConsentText, VisitLanguage } from './consent-texts';
import type { IdentityClaim } from './identity-check';
import { type ExchangedInvite, exchangeInvite } from './invite-exchange';
import type {
  CheckInWork,
  VisitCheckInDeps,
  VisitorOrigin,
} from './visit-check-in-deps';
import type { OwnVisitState } from './visit-lobby';
import { type ConsentSubmission, submitConsent } from './visitor-consent';
import { confirmIdentity } from './visitor-identity';
import { loadOwnVisit, offeredConsentTexts } from './visitor-own-visit';
import { enterWaitingRoom } from './visitor-waiting-room';

export { DEVICE_LIVE_MS } from './invite-exchange';
export type { VisitCheckInDeps, VisitorOrigin } from './visit-check-in-deps';
export {
  type ConsentSubmission,
  consentSubmissionSchema,
} from './visitor-consent';

/**
 * The visitor side of a visit: an invite link is exchanged (once, by POST)
 * for a short-lived visit token, then identity, consent and the waiting room.
 * A visitor only ever reads and changes their own participant row.
 *
 * This class is the one entry point; each step lives in its own file:
 * invite-exchange, visitor-identity, visitor-consent, visitor-waiting-room,
 * and visitor-own-visit (what the visitor sees).
 */
export class VisitCheckIn {
  private readonly w: CheckInWork;

  constructor(deps: VisitCheckInDeps) {
    this.w = { ...deps, dialIn: dialInNumber(deps.config) };
  }

  exchange(inviteToken: string, o: VisitorOrigin): Promise<ExchangedInvite> {
    return exchangeInvite(this.w, inviteToken, o);
  }

  async state(v: Visitor): Promise<OwnVisitState> {
    return (await loadOwnVisit(this.w, v.visitId, v.participantId)).state;
  }

  /** The consent texts this person is asked to agree to, in their language. */
  consentTexts(
    v: Visitor,
    language: VisitLanguage,
  ): Promise<ShownConsentText[]> {
    return offeredConsentTexts(this.w, v, language);
  }

  confirmIdentity(
    v: Visitor,
    claim: IdentityClaim,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    return confirmIdentity(this.w, v, claim, o);
  }

  consent(
    v: Visitor,
    sub: ConsentSubmission,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    return submitConsent(this.w, v, sub, o);
  }

  /** Into the waiting room, once identity and the person's own consents are done. */
  enterWaitingRoom(
    v: Visitor,
    audioOnly: boolean,
    o: VisitorOrigin,
  ): Promise<OwnVisitState> {
    return enterWaitingRoom(this.w, v, audioOnly, o);
  }
}
