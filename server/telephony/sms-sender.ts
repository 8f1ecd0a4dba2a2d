import { AppError } from '../errors';
import type twilio from 'twilio';
import type { TwilioSettings } from './twilio-settings';

export interface SentMessage {
  sid: string;
  status: string;
}

/**
 * Sends texts through Twilio's Messages API. Callers decide the wording and
 * whether the person agreed to texts; this only delivers and reports the sid.
 */
export class SmsSender {
  constructor(
    private readonly rest: twilio.Twilio,
    private readonly settings: TwilioSettings,
  ) {}

  async send(to: string, body: string): Promise<SentMessage> {
    if (!this.settings.fromNumber)
      throw new AppError(
        'unavailable',
        'sms_not_configured',
        'Texting is not set up: TWILIO_FROM_NUMBER is missing.',
      );
    try {
      const m = await this.rest.messages.create({
        to,
        from: this.settings.fromNumber,
        body,
        ...(this.settings.publicUrl
          ? {
              statusCallback: `${this.settings.publicUrl}/api/twilio/sms/status`,
            }
          : {}),
      });
      return { sid: m.sid, status: m.status };
    } catch (err) {
      throw twilioFailure(
        'sms_send_failed',
        'The text could not be sent. Check the number, or copy the link and send it another way.',
        err,
      );
    }
  }
}

/** A Twilio REST refusal as our error shape, with Twilio's numeric code kept for support. */
export function twilioFailure(
  code: string,
  message: string,
  err: unknown,
): AppError {
  const twilioCode = (err as { code?: unknown }).code;
  return new AppError(
    'upstream_failed',
    code,
    message,
    typeof twilioCode === 'number' ? { twilioCode } : undefined,
  );
}
