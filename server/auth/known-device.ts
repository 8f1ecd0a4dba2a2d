import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A browser that signed in to an account before. After a successful sign-in
 * the server sets a cookie naming a random device id, signed for that user;
 * presenting it later lets sign-in attempts from that browser be counted on
 * their own, so a stranger guessing the same account (even from the same
 * clinic address) cannot lock its owner out.
 */
export const KNOWN_DEVICE_COOKIE = 'pa_known_device';
export const KNOWN_DEVICE_MAX_AGE_SECONDS = 180 * 24 * 3600;

const sign = (secret: string, userId: string, deviceId: string) =>
  createHmac('sha256', secret)
    .update(`known-device:${userId}:${deviceId}`)
    .digest('base64url');

export function mintKnownDevice(secret: string, userId: string): string {
  const deviceId = randomBytes(16).toString('base64url');
  return `${deviceId}.${sign(secret, userId, deviceId)}`;
}

/** The device id when the cookie was signed for this user, else null. */
export function knownDeviceOf(
  secret: string,
  userId: string,
  cookie: string | undefined,
): string | null {
  const m = cookie
    ? /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(cookie)
    : null;
  if (!m) return null;
  const want = Buffer.from(sign(secret, userId, m[1]!));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got)
    ? m[1]!
    : null;
}

/** The named cookie from a Cookie header (no cookie library needed for one). */
export function cookieValue(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name)
      return part.slice(i + 1).trim();
  }
  return undefined;
}
