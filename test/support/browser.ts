import path from 'node:path';
import { build } from 'esbuild';
import { debianTool } from './debian-tool';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';

/**
 * Headless Debian Chromium with fake camera and microphone, one browser
 * context per participant (separate cookies, storage and media permissions).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
  // Tests run on loopback only: let WebRTC use it, and show real host addresses instead of mDNS names.
  '--allow-loopback-in-peer-connection',
  // Pages served by page.route() count as public; without this, their sockets to 127.0.0.1 are blocked.
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets,LocalNetworkAccessChecksWebRTC',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath:
      process.env.CHROMIUM_PATH ??
      debianTool('chromium', 'chromium', ['/usr/bin/chromium']),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export async function newParticipant(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
  });
  const page = await context.newPage();
  page.on('pageerror', (err) =>
    process.stderr.write(`[page error] ${err.message}\n`),
  );
  return { context, page };
}

const bundles = new Map<string, Promise<string>>();

/** A TypeScript entry bundled for a page as one script (built once per test file). */
export function browserBundle(entry: string): Promise<string> {
  let b = bundles.get(entry);
  if (!b) {
    b = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(entry, b);
  }
  return b;
}

/** The real client call engine bundled with its test page (client/src/call/call-test-page.ts). */
export const callHarnessScript = () =>
  browserBundle(
    path.resolve(__dirname, '../../client/src/call/call-test-page.ts'),
  );

export const CALL_TEST_PATH = '/__e2e/call-test.html';

/**
 * Opens the call test page at the server's own origin (so the socket's Origin
 * is the server's), serving the bundle from the test instead of client/dist.
 */
export async function openCallPage(page: Page, baseUrl: string): Promise<void> {
  const script = await callHarnessScript();
  await page.route(`${baseUrl}${CALL_TEST_PATH}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>call test</title><body><div id="videos"></div><script>${script.replace(/<\/script/g, '<\\/script')}</script></body>`,
    }),
  );
  await page.goto(`${baseUrl}${CALL_TEST_PATH}`);
  await page.waitForFunction(() => 'callTest' in window);
}
