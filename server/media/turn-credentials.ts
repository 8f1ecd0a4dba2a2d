import { createHmac } from 'node:crypto';
import type twilio from 'twilio';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { IceServer } from './media-backend';
import { twilioClientFor } from '../telephony/twilio-rest-client';

/**
 * ICE servers for a participant: STUN plus TURN with time-limited
 * credentials. coturn's REST scheme (`use-auth-secret`) needs no call to
 * coturn: username is `expiry:user` (expiry in unix seconds), password is
 * base64(HMAC-SHA1(secret, username)); coturn recomputes and checks expiry.
 * With Twilio configured (and no coturn), Twilio Network Traversal tokens.
 */
export interface IceConfig {
  iceServers: IceServer[];
  /** When the TURN credentials stop working; null when there are none (STUN only). */
  expiresAt: string | null;
  provider: 'coturn' | 'twilio' | 'stun';
}

export interface IceConfigProvider {
  iceConfigFor(participantId: string): Promise<IceConfig>;
}

export function coturnCredential(
  secret: string,
  user: string,
  expiresAt: Date,
): { username: string; credential: string } {
  const username = `${Math.floor(expiresAt.getTime() / 1000)}:${user}`;
  return {
    username,
    credential: createHmac('sha1', secret).update(username).digest('base64'),
  };
}

export class CoturnIceConfig implements IceConfigProvider {
  constructor(
    private readonly o: {
      stunUrls: readonly string[];
      turnUrls: readonly string[];
      secret: string;
      ttlSeconds: number;
    },
    private readonly clock: Clock,
  ) {}

  async iceConfigFor(participantId: string): Promise<IceConfig> {
    const expiresAt = new Date(
      this.clock.now().getTime() + this.o.ttlSeconds * 1000,
    );
    const turn = {
      urls: [...this.o.turnUrls],
      ...coturnCredential(this.o.secret, participantId, expiresAt),
    };
    return {
      iceServers: [...stun(this.o.stunUrls), turn],
      expiresAt: expiresAt.toISOString(),
      provider: 'coturn',
    };
  }
}

export class StunOnlyIceConfig implements IceConfigProvider {
  constructor(private readonly stunUrls: readonly string[]) {}
  async iceConfigFor(): Promise<IceConfig> {
    return {
      iceServers: stun(this.stunUrls),
      expiresAt: null,
      provider: 'stun',
    };
  }
}

/**
 * Twilio Network Traversal Service through the real SDK (`tokens.create`).
 * One token serves every participant, so it is cached for half its TTL.
 */
export class TwilioIceConfig implements IceConfigProvider {
  private cached: { config: IceConfig; refreshAt: number } | null = null;
  private pending: Promise<IceConfig> | null = null;

  constructor(
    private readonly client: twilio.Twilio,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {}

  async iceConfigFor(): Promise<IceConfig> {
    const now = this.clock.now().getTime();
    if (this.cached && now < this.cached.refreshAt) return this.cached.config;
    this.pending ??= this.fetch(now).finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetch(now: number): Promise<IceConfig> {
    const token = await this.client.tokens.create({ ttl: this.ttlSeconds });
    const ttl = Number(token.ttl) || this.ttlSeconds;
    const iceServers: IceServer[] = (token.iceServers ?? []).map((s) => ({
      urls: s.urls ?? s.url ?? '',
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    }));
    const config: IceConfig = {
      iceServers,
      expiresAt: new Date(now + ttl * 1000).toISOString(),
      provider: 'twilio',
    };
    this.cached = { config, refreshAt: now + (ttl * 1000) / 2 };
    return config;
  }
}

/** coturn when TURN is configured, else Twilio when it is configured, else STUN only. */
export function createIceConfigProvider(
  config: Config,
  clock: Clock,
): IceConfigProvider {
  if (config.TURN_URLS?.length && config.TURN_SECRET) {
    return new CoturnIceConfig(
      {
        stunUrls: config.STUN_URLS,
        turnUrls: config.TURN_URLS,
        secret: config.TURN_SECRET,
        ttlSeconds: config.TURN_TTL_SECONDS,
      },
      clock,
    );
  }
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN)
    return new TwilioIceConfig(
      twilioClientFor(config),
      config.TURN_TTL_SECONDS,
      clock,
    );
  return new StunOnlyIceConfig(config.STUN_URLS);
}

function stun(urls: readonly string[]): IceServer[] {
  return urls.length ? [{ urls: [...urls] }] : [];
}
