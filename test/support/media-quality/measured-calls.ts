import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { coturnCredential } from '../../../server/media/turn-credentials';
import type { RunningServer } from '../../../server/main';
import { browserBundle, newParticipant, openCallPage } from '../browser';
import { acceptedConsult } from '../consult-fixtures';
import { login } from '../test-server';
import type { QualitySummary } from './quality-summary';

/**
 * A two-person call measured in both browsers: the "patient" is on the weak
 * link (relay-only ICE through the impaired TURN), the "clinician" on a
 * clean one. The same fake media and ICE servers serve the product's engine
 * and the bare WebRTC pair; t0 is when the second person starts to join.
 */
export interface MeasuredCall {
  /** What the patient received (the link's downlink). */
  patient: QualitySummary;
  /** What the clinician received (the link's uplink). */
  clinician: QualitySummary;
  /**
   * The engine's own steps on the patient's side (cap, audio only), ms from t0.
   */
  patientSteps: { atMs: number; step: unknown }[];
  clinicianSteps: { atMs: number; step: unknown }[];
}

export interface LiveCall {
  patient: Page;
  clinician: Page;
  t0: number;
  /** Stops sampling and sums up; closes both pages. */
  finish(): Promise<MeasuredCall>;
}

const probeScript = () =>
  browserBundle(path.resolve(__dirname, 'probe-page.ts'));
const bareScript = () =>
  browserBundle(path.resolve(__dirname, 'bare-call-page.ts'));

async function probed(browser: Browser) {
  const p = await newParticipant(browser);
  await p.page.addInitScript({ content: await probeScript() });
  return p;
}

async function finishBoth(
  a: { context: BrowserContext; page: Page },
  b: { context: BrowserContext; page: Page },
  t0: number,
  steps: (page: Page) => Promise<{ at: number; step: unknown }[]>,
): Promise<MeasuredCall> {
  const sum = (page: Page) =>
    page.evaluate(() => {
      window.mediaProbe.stop();
      return window.mediaProbe.summary();
    });
  const rel = async (page: Page) =>
    (await steps(page)).map((s) => ({ atMs: s.at - t0, step: s.step }));
  try {
    return {
      patient: await sum(a.page),
      clinician: await sum(b.page),
      patientSteps: await rel(a.page),
      clinicianSteps: await rel(b.page),
    };
  } finally {
    await a.context.close();
    await b.context.close();
  }
}

/**
 * The product: both on the call test page (the real CallEngine), the patient
 * joined first.
 */
export async function engineCall(
  browser: Browser,
  server: RunningServer,
): Promise<LiveCall> {
  const consult = await acceptedConsult(server.services.db);
  const [pcp, psy] = await Promise.all([
    login(server.url, 'pcp@demo.test'),
    login(server.url, 'psych.child@demo.test'),
  ]);
  const a = await probed(browser);
  const b = await probed(browser);
  await openCallPage(a.page, server.url);
  await openCallPage(b.page, server.url);
  const join = (page: Page, token: string, relay: boolean) =>
    page.evaluate(
      (x) =>
        window.callTest.join(x as Parameters<Window['callTest']['join']>[0]),
      {
        token,
        target: { consultId: consult.consultId },
        ...(relay ? { iceTransportPolicy: 'relay' } : {}),
      },
    );
  const joinedA = await join(a.page, pcp.token, true);
  if (!joinedA.ok) throw new Error(`patient join: ${joinedA.code}`);
  const t0 = Date.now();
  for (const p of [a, b])
    await p.page.evaluate((t) => window.mediaProbe.start(t), t0);
  const joinedB = await join(b.page, psy.token, false);
  if (!joinedB.ok) throw new Error(`clinician join: ${joinedB.code}`);
  return {
    patient: a.page,
    clinician: b.page,
    t0,
    finish: () =>
      finishBoth(a, b, t0, (page) =>
        page.evaluate(() =>
          window.callTest
            .log()
            .filter((e) => e.event === 'network')
            .map((e) => ({ at: e.at, step: e.detail })),
        ),
      ),
  };
}

/**
 * The baseline: a bare RTCPeerConnection pair, the clinician offering as the
 * engine's newcomer does.
 */
export async function bareCall(
  browser: Browser,
  server: RunningServer,
  turn: { urls: string[]; secret: string; stunUrls: string[] },
): Promise<LiveCall> {
  const script = await bareScript();
  const pagePath = `${server.url}/__bench/bare-call.html`;
  const a = await probed(browser);
  const b = await probed(browser);
  for (const [p, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await p.page.route(pagePath, (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><meta charset="utf-8"><body><script>${script.replace(/<\/script/g, '<\\/script')}</script></body>`,
      }),
    );
    await p.page.exposeFunction('signal', (m: unknown) =>
      other.page.evaluate((x) => window.bareCall.onSignal(x as never), m),
    );
    await p.page.goto(pagePath);
  }
  const iceServers = (user: string) => [
    { urls: turn.stunUrls },
    {
      urls: turn.urls,
      ...coturnCredential(turn.secret, user, new Date(Date.now() + 3600_000)),
    },
  ];
  await a.page.evaluate(
    (ice) =>
      window.bareCall.prepare({
        iceServers: ice,
        iceTransportPolicy: 'relay',
        offerer: false,
      }),
    iceServers('patient'),
  );
  const t0 = Date.now();
  for (const p of [a, b])
    await p.page.evaluate((t) => window.mediaProbe.start(t), t0);
  await b.page.evaluate(
    (ice) =>
      window.bareCall.prepare({
        iceServers: ice,
        iceTransportPolicy: 'all',
        offerer: true,
      }),
    iceServers('clinician'),
  );
  return {
    patient: a.page,
    clinician: b.page,
    t0,
    finish: () => finishBoth(a, b, t0, async () => []),
  };
}
