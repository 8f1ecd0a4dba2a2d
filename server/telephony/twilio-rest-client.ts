import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Config } from '../config';

/** The one Twilio REST client the product builds (SMS, calls, Network Traversal tokens). */
/**
 * Sends the SDK's requests to another origin (a local stand-in for api.twilio.com
 * in tests), keeping path, query, auth and body exactly as the SDK built them.
 */
export class RebasedTwilioRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    const base = new URL(this.baseUrl);
    target.protocol = base.protocol;
    target.host = base.host;
    return super.request<TData>({ ...opts, uri: target.toString() });
  }
}

export function twilioClientFor(
  config: Pick<
    Config,
    'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'
  >,
): twilio.Twilio {
  return twilio(
    config.TWILIO_ACCOUNT_SID,
    config.TWILIO_AUTH_TOKEN,
    config.TWILIO_API_BASE_URL
      ? {
          httpClient: new RebasedTwilioRequestClient(
            config.TWILIO_API_BASE_URL,
          ),
        }
      : {},
  );
}
