import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface TwilioApiRequest {
  method: string;
  /** e.g. /2010-04-01/Accounts/AC.../Messages.json */
  path: string;
  params: Record<string, string>;
  /** From HTTP Basic auth: the account SID and auth token the SDK sent. */
  username: string | null;
  password: string | null;
}

export const TEST_TWILIO = {
  accountSid: `AC${'a1'.repeat(16)}`,
  authToken: 'stand-in-auth-token-0123456789abcdef',
  fromNumber: '+15555550100',
  /** Where Twilio "reaches" the server: webhooks are signed over this, as behind a proxy. */
  publicUrl: 'https://visits.example.test',
} as const;

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

/**
 * A local HTTP server standing in for api.twilio.com: the real twilio SDK
 * (TWILIO_API_BASE_URL pointed here) sends it form-encoded REST calls, it
 * records them and answers as Twilio does, or with a queued Twilio error.
 */
export class TwilioStandIn {
  readonly requests: TwilioApiRequest[] = [];
  /** Queued failures for the next requests whose path ends with the key, e.g. 'Messages.json'. */
  readonly failures = new Map<
    string,
    { status: number; code: number; message: string }[]
  >();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        const params = Object.fromEntries(
          new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        );
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [username, password] = basic
          ? Buffer.from(basic, 'base64').toString('utf8').split(':')
          : [null, null];
        this.requests.push({
          method: req.method ?? '',
          path,
          params,
          username: username ?? null,
          password: password ?? null,
        });
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const key = path.split('/').pop() ?? '';
        const failure = this.failures.get(key)?.shift();
        if (failure)
          return reply(failure.status, {
            code: failure.code,
            message: failure.message,
            more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
            status: failure.status,
          });
        if (
          username !== TEST_TWILIO.accountSid ||
          password !== TEST_TWILIO.authToken
        )
          return reply(401, {
            code: 20003,
            message: 'Authenticate',
            status: 401,
          });
        const common = {
          account_sid: username,
          to: params.To,
          from: params.From,
          date_created: new Date().toUTCString(),
          api_version: '2010-04-01',
        };
        if (req.method === 'POST' && key === 'Messages.json')
          return reply(201, {
            ...common,
            sid: sid('SM'),
            status: 'queued',
            body: params.Body,
            num_segments: '1',
            direction: 'outbound-api',
          });
        if (req.method === 'POST' && key === 'Calls.json')
          return reply(201, {
            ...common,
            sid: sid('CA'),
            status: 'queued',
            direction: 'outbound-api',
          });
        reply(404, {
          code: 20404,
          message: 'The requested resource was not found',
          status: 404,
        });
      });
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Environment for a test server wired to this stand-in. */
  env(): Record<string, string> {
    return {
      TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
      TWILIO_FROM_NUMBER: TEST_TWILIO.fromNumber,
      TWILIO_API_BASE_URL: this.url,
      PUBLIC_URL: TEST_TWILIO.publicUrl,
    };
  }
}

/** A webhook as Twilio sends it: form-encoded, signed over PUBLIC_URL + path with the real helper. */
export async function twilioWebhook(
  serverUrl: string,
  pathWithQuery: string,
  params: Record<string, string>,
  o: { signature?: string | null; authToken?: string } = {},
): Promise<{ status: number; body: string; contentType: string | null }> {
  const signature =
    o.signature === undefined
      ? twilio.getExpectedTwilioSignature(
          o.authToken ?? TEST_TWILIO.authToken,
          TEST_TWILIO.publicUrl + pathWithQuery,
          params,
        )
      : o.signature;
  const res = await fetch(serverUrl + pathWithQuery, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature ? { 'x-twilio-signature': signature } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: res.status,
    body: await res.text(),
    contentType: res.headers.get('content-type'),
  };
}

export const fakeCallSid = () => sid('CA');
