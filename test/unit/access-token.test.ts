import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  signAccessToken,
  verifyAccessToken,
  type AccessTokenSettings,
} from '../../server/auth/access-token';

const s: AccessTokenSettings = {
  secret: 'x'.repeat(40),
  issuer: 'psych-access',
  audience: 'psych-access-api',
  ttlSeconds: 900,
};
const subject = { userId: randomUUID(), sessionId: randomUUID(), role: 'pcp' };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('access token', () => {
  it('accepts its own fresh token and carries the claims', () => {
    const { token, expiresAt } = signAccessToken(s, subject);
    const r = verifyAccessToken(s, token);
    expect(r).toMatchObject({
      ok: true,
      claims: { sub: subject.userId, sid: subject.sessionId, role: 'pcp' },
    });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(890_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('refuses an expired token as expired', () => {
    const { token } = signAccessToken(
      s,
      subject,
      Math.floor(Date.now() / 1000) - 1000,
    );
    expect(verifyAccessToken(s, token)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token whose payload was tampered with', () => {
    const { token } = signAccessToken(s, subject);
    const [h, p, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.role = 'admin';
    expect(verifyAccessToken(s, `${h}.${b64(payload)}.${sig}`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses alg "none"', () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: subject.userId, sid: subject.sessionId, role: 'admin', jti: randomUUID(), iat: now, exp: now + 60, iss: s.issuer, aud: s.audience })}.`;
    expect(verifyAccessToken(s, unsigned)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses another HMAC algorithm even with the right secret (algorithm pinned)', () => {
    const token = jwt.sign({ sid: subject.sessionId, role: 'pcp' }, s.secret, {
      algorithm: 'HS512',
      issuer: s.issuer,
      audience: s.audience,
      subject: subject.userId,
      jwtid: randomUUID(),
      expiresIn: 60,
    });
    expect(verifyAccessToken(s, token)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it.each([
    ['wrong audience', { audience: 'someone-else' }],
    ['wrong issuer', { issuer: 'evil' }],
  ])('refuses a %s', (_label, override) => {
    const token = jwt.sign({ sid: subject.sessionId, role: 'pcp' }, s.secret, {
      algorithm: 'HS256',
      issuer: s.issuer,
      audience: s.audience,
      subject: subject.userId,
      jwtid: randomUUID(),
      expiresIn: 60,
      ...override,
    });
    expect(verifyAccessToken(s, token)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token signed with another secret, and one without jti', () => {
    const other = signAccessToken(
      { ...s, secret: 'y'.repeat(40) },
      subject,
    ).token;
    expect(verifyAccessToken(s, other).ok).toBe(false);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const now = Math.floor(Date.now() / 1000);
    const body = b64({
      sub: subject.userId,
      sid: subject.sessionId,
      role: 'pcp',
      iat: now,
      exp: now + 60,
      iss: s.issuer,
      aud: s.audience,
    });
    const sig = createHmac('sha256', s.secret)
      .update(`${header}.${body}`)
      .digest('base64url');
    expect(verifyAccessToken(s, `${header}.${body}.${sig}`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
