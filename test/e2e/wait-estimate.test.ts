import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import {
  collectPageErrors,
  DESKTOP,
  launchChromium,
  newContext,
  screenshot,
  signIn,
} from '../support/client-pages';
import { nextEvent, request } from '../support/socket-client';
import { login } from '../support/test-server';
import {
  psychiatrist,
  requestConsult,
  startQueueServer,
  type Psych,
} from '../integration/queue-kit';

/**
 * Issue 19: after the only eligible psychiatrist declined, the PCP's screen
 * still read "about 1 minute". Another psychiatrist is on duty but cannot
 * take a child consult; the PCP's consult page must say nobody is free
 * instead of a one-minute estimate. Needs `npm run build:client` first.
 */
describe('the wait estimate after the only eligible psychiatrist declines', () => {
  let server: RunningServer;
  let browser: Browser;
  const open: Psych[] = [];
  beforeAll(async () => {
    server = await startQueueServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const p of open) p.close();
    await browser?.close();
    await server?.close();
  });

  it('the PCP reads "No one free", not "about 1 minute"', async () => {
    const child = await psychiatrist(server.url, 'psych.child@demo.test');
    open.push(child);
    open.push(await psychiatrist(server.url, 'psych.perinatal@demo.test'));
    const pcp = await login(server.url, 'pcp@demo.test');
    const ringing = nextEvent(child.socket, 'queue:offer');
    const c = await requestConsult(server.url, pcp.token, {
      specialty: 'child_adolescent',
    });

    const ctx = await newContext(browser, server.url, DESKTOP);
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await signIn(page, 'pcp@demo.test');
    await page.goto(`/consults/${c.consult.id}`);
    const estimate = page.getByTestId('estimated-wait');
    // Before the decline: the honest one-minute estimate.
    await page.getByText(/about 1 minute/).waitFor();
    expect(await estimate.innerText()).toBe('1 min');

    const offer = await ringing;
    await request(child.socket, 'queue:decline', {
      offerId: offer.offerId,
      reason: 'busy',
    });
    // The live push updates the open page.
    await page.getByText(/No psychiatrist on duty can take it now/).waitFor();
    expect(await estimate.innerText()).toBe('No one free');
    expect(await page.getByText(/about 1 minute/).count()).toBe(0);
    await screenshot(page, 'wait-after-only-eligible-declined');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
