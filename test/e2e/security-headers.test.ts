import type { Browser } from 'playwright-core';
import { securityHeaders } from '../../server/http/security-headers';
import type { RunningServer } from '../../server/main';
import { launchBrowser } from '../support/browser';
import { api, startTestServer } from '../support/test-server';

/**
 * Every response carries a strict CSP (no inline script), a Permissions-Policy
 * keeping camera and microphone to this origin, and HSTS behind https; the
 * built client (npm run build:client) runs under that CSP in Chromium.
 */
describe('security headers', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it.each(['/api/healthz', '/api/nothing-here', '/', '/visit/join'])(
    'sends CSP and Permissions-Policy on %s',
    async (path) => {
      const r = await api(server.url, 'GET', path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('permissions-policy')).toContain(
        'camera=(self), microphone=(self)',
      );
      // Plain http here: no HSTS (a browser would pin a loopback name).
      expect(r.headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('adds HSTS when PUBLIC_URL is https, and allows the LiveKit origin', () => {
    const h = securityHeaders({
      PUBLIC_URL: 'https://psych.example.org',
      LIVEKIT_URL: 'https://lk.example.org',
    });
    expect(h['Strict-Transport-Security']).toMatch(/max-age=\d{7,}/);
    expect(h['Content-Security-Policy']).toContain(
      "connect-src 'self' https://lk.example.org wss://lk.example.org",
    );
  });

  it.each(['/', '/visit/join'])(
    'the built client renders %s under the CSP without a violation',
    async (path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text()))
          violations.push(m.text());
      });
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(
            `Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
          ),
        ),
      );
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.headers()['content-security-policy']).toBeTruthy();
      await page.waitForFunction(
        () => (document.getElementById('root')?.childElementCount ?? 0) > 0,
        undefined,
        { timeout: 15_000 },
      );
      await page.waitForTimeout(500);
      expect(violations).toEqual([]);
      await context.close();
    },
  );
});
