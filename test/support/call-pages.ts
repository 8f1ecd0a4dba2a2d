import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { newParticipant, openCallPage } from './browser';
import { acceptedConsult } from './consult-fixtures';
import { login } from './test-server';

export interface JoinOptions {
  iceTransportPolicy?: 'relay';
  maxVideoBitrateKbps?: number;
  adaptToNetwork?: boolean;
}

/** One person in their own browser context on the call test page, joined through the real CallEngine. */
export async function joinAs(
  browser: Browser,
  server: RunningServer,
  token: string,
  target: Record<string, string>,
  o: JoinOptions = {},
) {
  const { context, page } = await newParticipant(browser);
  await openCallPage(page, server.url);
  const result = await page.evaluate(
    (a) => window.callTest.join(a as Parameters<Window['callTest']['join']>[0]),
    { token, target, ...o },
  );
  return { context, page, result };
}

/** An accepted consult with its PCP (`a`, joined first) and psychiatrist (`b`) in its call. */
export async function consultCallPair(
  browser: Browser,
  server: RunningServer,
  o: { pcp?: JoinOptions; psychiatrist?: JoinOptions } = {},
) {
  const consult = await acceptedConsult(server.services.db);
  const pcp = await login(server.url, 'pcp@demo.test');
  const psy = await login(server.url, 'psych.child@demo.test');
  const a = await joinAs(
    browser,
    server,
    pcp.token,
    { consultId: consult.consultId },
    o.pcp,
  );
  const b = await joinAs(
    browser,
    server,
    psy.token,
    { consultId: consult.consultId },
    o.psychiatrist,
  );
  return { consult, a, b };
}

/**
 * Samples twice, `gapMs` apart, until `grew(before, after)` holds (media
 * counters moving, not just non-zero); returns the later sample, or throws
 * with `explain(last)` once `timeoutMs` is spent.
 */
export async function untilGrowing<T>(
  sample: () => Promise<T>,
  grew: (before: T, after: T) => boolean,
  o: {
    gapMs: number;
    timeoutMs: number;
    explain(last: T | null): string | Promise<string>;
  },
): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  let last: T | null = null;
  while (Date.now() < deadline) {
    const before = await sample();
    await new Promise((r) => setTimeout(r, o.gapMs));
    last = await sample();
    if (grew(before, last)) return last;
  }
  throw new Error(await o.explain(last));
}
