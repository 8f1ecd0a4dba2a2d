import twilio from 'twilio';
import { AppError } from '../errors';
import {
  twilioEventSchemas,
  type TwilioEvent,
  type TwilioEventKind,
} from './twilio-events';

/**
 * Verifies a Twilio webhook at the edge and hands a typed event inward (the
 * livekit-server-sdk `WebhookReceiver` shape). The signature covers the exact
 * URL Twilio requested, so it is rebuilt from PUBLIC_URL, never from the
 * request's own Host header (which a caller controls).
 */
export class TwilioWebhookReceiver {
  constructor(
    private readonly authToken: string,
    private readonly publicUrl: string | null,
  ) {}

  /** The absolute URL Twilio signed for a request that arrived at `originalUrl`. */
  signedUrl(originalUrl: string): string {
    if (!this.publicUrl)
      throw new AppError(
        'unavailable',
        'public_url_not_configured',
        'PUBLIC_URL must be set to receive Twilio webhooks.',
      );
    return this.publicUrl + originalUrl;
  }

  receive<K extends TwilioEventKind>(
    kind: K,
    originalUrl: string,
    signature: string | undefined,
    params: Record<string, unknown>,
  ): TwilioEvent<K> {
    const url = this.signedUrl(originalUrl);
    if (
      !signature ||
      !twilio.validateRequest(this.authToken, signature, url, params)
    ) {
      throw new AppError(
        'forbidden',
        'twilio_signature_invalid',
        'This request is not signed by Twilio.',
        { reason: signature ? 'mismatch' : 'missing' },
      );
    }
    const parsed = twilioEventSchemas[kind].safeParse(params);
    if (!parsed.success)
      throw new AppError(
        'invalid',
        'twilio_payload_invalid',
        `Unexpected ${kind} payload: ${parsed.error.issues[0]?.path.join('.')}`,
      );
    return parsed.data as TwilioEvent<K>;
  }
}
