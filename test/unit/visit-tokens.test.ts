import { consentText, findShownText } from '../../server/visits/consent-texts';
import { invitationText } from '../../server/visits/invitation-text';
import { inviteExpiresAt } from '../../server/visits/invite-expiry';
import {
  hashSecretToken,
  looksLikeSecretToken,
  mintConferenceName,
  mintPhoneCode,
  mintSecretToken,
} from '../../server/visits/secret-token';

describe('visit secrets', () => {
  it('mints 256-bit url-safe tokens without dots (so they are never taken for a JWT), all different', () => {
    const tokens = new Set(Array.from({ length: 200 }, mintSecretToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(looksLikeSecretToken(t)).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(t).not.toContain('.');
    }
  });

  it('hashes with SHA-256 and rejects junk before any lookup', () => {
    expect(hashSecretToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(looksLikeSecretToken('a.b.c')).toBe(false);
    expect(looksLikeSecretToken('x'.repeat(44))).toBe(false);
  });

  it('draws 8-digit phone codes and conference names with no personal data', () => {
    expect(mintPhoneCode()).toMatch(/^\d{8}$/);
    expect(mintConferenceName()).toMatch(/^visit-[0-9a-f]{24}$/);
  });
});

describe('invite expiry', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  it.each([
    ['a visit now: TTL from now', now, 240, '2025-03-01T16:00:00.000Z'],
    [
      'a visit tomorrow: TTL from the start',
      new Date('2025-03-02T15:00:00Z'),
      240,
      '2025-03-02T19:00:00.000Z',
    ],
    [
      'a visit that started an hour ago: TTL from now',
      new Date('2025-03-01T11:00:00Z'),
      60,
      '2025-03-01T13:00:00.000Z',
    ],
  ] as const)('%s', (_l, scheduled, ttl, expected) =>
    expect(inviteExpiresAt(now, scheduled, ttl).toISOString()).toBe(expected),
  );
});

describe('consent texts', () => {
  it('has every kind in English and Spanish, and matches only the exact text shown', () => {
    for (const kind of [
      'telehealth',
      'guardian_for_minor',
      'interpreter_confidentiality',
    ] as const) {
      const en = consentText(kind, 'en');
      const es = consentText(kind, 'es');
      expect(en.language).toBe('en');
      expect(es.language).toBe('es');
      expect(en.sha256).not.toBe(es.sha256);
      expect(findShownText(kind, es.version, es.sha256)?.language).toBe('es');
      expect(
        findShownText(kind, es.version, en.sha256.replace(/^./, '0')),
      ).toBeNull();
      expect(findShownText(kind, 'v0', en.sha256)).toBeNull();
    }
  });

  it('puts the link in the text and nothing else about the visit', () => {
    for (const lang of ['en', 'es'] as const) {
      const t = invitationText(lang, 'https://x.test/visit/join#t=abc');
      expect(t).toContain('https://x.test/visit/join#t=abc');
      expect(t.length).toBeLessThan(320);
      expect(t).not.toMatch(/psychiatr|mental|diagnos/i);
    }
  });
});
