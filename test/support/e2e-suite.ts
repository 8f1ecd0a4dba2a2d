import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { launchChromium } from './client-pages';
import { startTestServer, type TestServerOptions } from './test-server';

/**
 * A test server and headless Chromium for the enclosing describe block:
 * started in its beforeAll, closed in its afterAll. Read them inside tests.
 */
export function serverAndBrowser(o: TestServerOptions = {}): {
  readonly server: RunningServer;
  readonly browser: Browser;
} {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer(o);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server is not started yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet');
      return browser;
    },
  };
}
