import { AppError } from '../errors';
import { twilioFailure } from './sms-sender';
import type twilio from 'twilio';
import type { TwilioSettings } from './twilio-settings';

export interface PlacedCall {
  callSid: string;
  status: string;
}

/**
 * Outbound calls through Twilio's Calls API. The TwiML to run on answer is
 * passed inline, so no extra webhook round trip is needed to bridge the
 * callee into the visit's conference.
 */
export class VoiceClient {
  constructor(
    private readonly rest: twilio.Twilio,
    private readonly settings: TwilioSettings,
  ) {}

  async dialOut(
    to: string,
    twiml: string,
    statusCallbackUrl: string | null,
  ): Promise<PlacedCall> {
    if (!this.settings.fromNumber)
      throw new AppError(
        'unavailable',
        'voice_not_configured',
        'Phone calls are not set up: TWILIO_FROM_NUMBER is missing.',
      );
    try {
      const call = await this.rest.calls.create({
        to,
        from: this.settings.fromNumber,
        twiml,
        ...(statusCallbackUrl
          ? {
              statusCallback: statusCallbackUrl,
              statusCallbackEvent: [
                'initiated',
                'ringing',
                'answered',
                'completed',
              ],
              statusCallbackMethod: 'POST',
            }
          : {}),
      });
      return { callSid: call.sid, status: call.status };
    } catch (err) {
      throw twilioFailure(
        'dial_out_failed',
        'The call could not be placed. Check the number and try again.',
        err,
      );
    }
  }
}
