import type { Config } from '../config';

/** What every Twilio client needs. Present only when the account, token and number are all configured. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  /** Where Twilio reaches us: webhooks are signed over URLs under it. */
  publicUrl: string | null;
  apiBaseUrl: string | null;
}

export function twilioSettings(c: Config): TwilioSettings | null {
  if (!c.TWILIO_ACCOUNT_SID || !c.TWILIO_AUTH_TOKEN) return null;
  return {
    accountSid: c.TWILIO_ACCOUNT_SID,
    authToken: c.TWILIO_AUTH_TOKEN,
    fromNumber: c.TWILIO_FROM_NUMBER ?? '',
    publicUrl: c.PUBLIC_URL ? c.PUBLIC_URL.replace(/\/$/, '') : null,
    apiBaseUrl: c.TWILIO_API_BASE_URL ?? null,
  };
}

/**
 * The number a visitor can call when video fails, or null when dial-in cannot
 * work here: Twilio must be configured, with the number to call and PUBLIC_URL
 * (the number's voice webhook is signed over it).
 */
export function dialInNumber(c: Config): string | null {
  const s = twilioSettings(c);
  return s?.fromNumber && s.publicUrl ? s.fromNumber : null;
}
