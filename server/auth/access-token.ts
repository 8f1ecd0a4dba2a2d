import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES } from './roles';

/** Short-lived access JWT. Algorithm, issuer and audience are pinned on both sign and verify. */
export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const claimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  role: z.enum(ROLES),
  jti: z.string().min(8),
  exp: z.number(),
  iat: z.number(),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

const ALGORITHM = 'HS256' as const;

/**
 * A KeyObject per secret: given a string, jsonwebtoken first tries it as a
 * public key and builds an exception on every verify, a cost per request.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = createSecretKey(Buffer.from(secret, 'utf8'))));
  return k;
}

export function signAccessToken(
  s: AccessTokenSettings,
  subject: { userId: string; sessionId: string; role: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): { token: string; expiresAt: Date } {
  const exp = nowSeconds + s.ttlSeconds;
  const token = jwt.sign(
    { sid: subject.sessionId, role: subject.role, iat: nowSeconds, exp },
    keyOf(s.secret),
    {
      algorithm: ALGORITHM,
      issuer: s.issuer,
      audience: s.audience,
      subject: subject.userId,
      jwtid: randomUUID(),
    },
  );
  return { token, expiresAt: new Date(exp * 1000) };
}

export type VerifyFailure = 'expired' | 'invalid';

/** Returns the claims, or why the token is refused. Never throws. */
export function verifyAccessToken(
  s: AccessTokenSettings,
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): { ok: true; claims: AccessClaims } | { ok: false; reason: VerifyFailure } {
  try {
    const decoded = jwt.verify(token, keyOf(s.secret), {
      algorithms: [ALGORITHM],
      issuer: s.issuer,
      audience: s.audience,
      complete: false,
      // Expiry is judged on the same clock that stamped the token (server time).
      clockTimestamp: nowSeconds,
    });
    const parsed = claimsSchema.safeParse(decoded);
    return parsed.success
      ? { ok: true, claims: parsed.data }
      : { ok: false, reason: 'invalid' };
  } catch (err) {
    return {
      ok: false,
      reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid',
    };
  }
}
