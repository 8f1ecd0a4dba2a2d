import type { Config } from '../config';
import { SmsSender } from './sms-sender';
import { twilioClientFor } from './twilio-rest-client';
import { twilioSettings, type TwilioSettings } from './twilio-settings';
import { VoiceClient } from './voice-client';
import { TwilioWebhookReceiver } from './webhook-receiver';

/** The Twilio side of the product, one small client per remote service. Null when Twilio is not configured. */
export interface Telephony {
  settings: TwilioSettings;
  sms: SmsSender;
  voice: VoiceClient;
  webhooks: TwilioWebhookReceiver;
}

export function createTelephony(config: Config): Telephony | null {
  const settings = twilioSettings(config);
  if (!settings) return null;
  // One REST client factory for the product (TURN tokens use it too), pointed at TWILIO_API_BASE_URL when set.
  const rest = twilioClientFor(config);
  return {
    settings,
    sms: new SmsSender(rest, settings),
    voice: new VoiceClient(rest, settings),
    webhooks: new TwilioWebhookReceiver(settings.authToken, settings.publicUrl),
  };
}
