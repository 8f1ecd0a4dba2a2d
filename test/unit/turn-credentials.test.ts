import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CoturnIceConfig,
  StunOnlyIceConfig,
  TwilioIceConfig,
  coturnCredential,
  createIceConfigProvider,
} from '../../server/media/turn-credentials';
import { twilioClientFor } from '../../server/telephony/twilio-rest-client';
import { loadConfig } from '../../server/config';

const clock = (ms: number) => ({ now: () => new Date(ms) });

describe('coturn REST credentials', () => {
  it('makes username "expiry:user" and password base64(HMAC-SHA1(secret, username)), as coturn checks them', () => {
    const c = coturnCredential(
      'north-secret-0123',
      'user-42',
      new Date(1_700_000_600_000),
    );
    expect(c.username).toBe('1700000600:user-42');
    // Computed independently with openssl, the way coturn's docs show it.
    const openssl = execFileSync('sh', [
      '-c',
      `printf '%s' '1700000600:user-42' | openssl dgst -binary -sha1 -hmac 'north-secret-0123' | base64`,
    ])
      .toString()
      .trim();
    expect(c.credential).toBe(openssl);
    expect(c.credential).toBe(
      createHmac('sha1', 'north-secret-0123')
        .update(c.username)
        .digest('base64'),
    );
  });

  it('expires the credential TTL seconds from now and lists STUN then TURN', async () => {
    const ice = new CoturnIceConfig(
      {
        stunUrls: ['stun:s.example:3478'],
        turnUrls: [
          'turn:t.example:3478?transport=udp',
          'turn:t.example:3478?transport=tcp',
        ],
        secret: 's'.repeat(16),
        ttlSeconds: 600,
      },
      clock(1_700_000_000_000),
    );
    const cfg = await ice.iceConfigFor('p-1');
    expect(cfg.provider).toBe('coturn');
    expect(cfg.expiresAt).toBe(new Date(1_700_000_600_000).toISOString());
    expect(cfg.iceServers[0]).toEqual({ urls: ['stun:s.example:3478'] });
    expect(cfg.iceServers[1]).toMatchObject({
      urls: [
        'turn:t.example:3478?transport=udp',
        'turn:t.example:3478?transport=tcp',
      ],
      username: '1700000600:p-1',
    });
  });

  it('picks the provider from configuration', () => {
    const base = { NODE_ENV: 'test' };
    expect(createIceConfigProvider(loadConfig(base), clock(0))).toBeInstanceOf(
      StunOnlyIceConfig,
    );
    expect(
      createIceConfigProvider(
        loadConfig({
          ...base,
          TURN_URLS: 'turn:x:3478',
          TURN_SECRET: 'x'.repeat(16),
        }),
        clock(0),
      ),
    ).toBeInstanceOf(CoturnIceConfig);
    expect(
      createIceConfigProvider(
        loadConfig({
          ...base,
          TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
          TWILIO_AUTH_TOKEN: 't',
        }),
        clock(0),
      ),
    ).toBeInstanceOf(TwilioIceConfig);
  });
});

describe('Twilio Network Traversal tokens through the real SDK', () => {
  const sid = `AC${'b2'.repeat(16)}`;
  const token = 'auth-token-for-the-stand-in';
  let server: Server;
  let base = '';
  const seen: { path: string; body: string; auth: string }[] = [];

  beforeAll(async () => {
    // Stands in for api.twilio.com: POST /2010-04-01/Accounts/{sid}/Tokens.json answers as Twilio documents it.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({
          path: req.url ?? '',
          body,
          auth: Buffer.from(
            (req.headers.authorization ?? '').replace('Basic ', ''),
            'base64',
          ).toString(),
        });
        const ttl = new URLSearchParams(body).get('Ttl') ?? '86400';
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            account_sid: sid,
            date_created: 'Fri, 24 May 2024 21:23:13 +0000',
            date_updated: 'Fri, 24 May 2024 21:23:13 +0000',
            ice_servers: [
              {
                url: 'stun:global.stun.twilio.com:3478',
                urls: 'stun:global.stun.twilio.com:3478',
              },
              {
                credential: 'tw-cred',
                url: 'turn:global.turn.twilio.com:3478?transport=udp',
                urls: 'turn:global.turn.twilio.com:3478?transport=udp',
                username: 'tw-user',
              },
            ],
            password: 'tw-cred',
            ttl,
            username: 'tw-user',
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('calls tokens.create with the TTL, maps ice_servers, and reuses the token for half its life', async () => {
    let now = 1_700_000_000_000;
    const ice = new TwilioIceConfig(
      twilioClientFor({
        TWILIO_ACCOUNT_SID: sid,
        TWILIO_AUTH_TOKEN: token,
        TWILIO_API_BASE_URL: base,
      }),
      600,
      { now: () => new Date(now) },
    );
    const cfg = await ice.iceConfigFor();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe(`/2010-04-01/Accounts/${sid}/Tokens.json`);
    expect(seen[0]!.body).toBe('Ttl=600');
    expect(seen[0]!.auth).toBe(`${sid}:${token}`);
    expect(cfg).toEqual({
      provider: 'twilio',
      expiresAt: new Date(now + 600_000).toISOString(),
      iceServers: [
        { urls: 'stun:global.stun.twilio.com:3478' },
        {
          urls: 'turn:global.turn.twilio.com:3478?transport=udp',
          username: 'tw-user',
          credential: 'tw-cred',
        },
      ],
    });
    now += 200_000;
    await ice.iceConfigFor();
    expect(seen).toHaveLength(1);
    now += 200_000;
    await ice.iceConfigFor();
    expect(seen).toHaveLength(2);
  });
});
