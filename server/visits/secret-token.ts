import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Bearer secrets for visits: invite links and visit tokens. 32 random bytes
 * (256 bits) in base64url, so never guessable and never containing a dot (the
 * socket handshake tells a visit token from a staff JWT by its dots). Only the
 * SHA-256 is stored; a database leak gives no usable link.
 */
export function mintSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashSecretToken = (token: string) =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** Shape check before any lookup, so junk never reaches the database. */
export const looksLikeSecretToken = (token: string) =>
  /^[A-Za-z0-9_-]{43}$/.test(token);

/** An 8-digit phone dial-in code (no personal data, unrelated to any id). */
export const mintPhoneCode = () =>
  String(randomInt(0, 100_000_000)).padStart(8, '0');

/** A conference name for Twilio that carries nothing about the patient. */
export const mintConferenceName = () =>
  `visit-${randomBytes(12).toString('hex')}`;
