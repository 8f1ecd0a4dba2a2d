import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserBundle } from '../browser';

export type PlaneEvent =
  | {
      type: 'publisher-state';
      participantSid: string;
      state: RTCPeerConnectionState;
    }
  | { type: 'track'; participantSid: string; trackSid: string; kind: string };

const pageScript = () =>
  browserBundle(path.resolve(__dirname, 'media-plane-page.ts'));

/**
 * Node's handle on the media-plane page (./media-plane-page.ts): one
 * Chromium context of its own, opened at the stand-in's origin, driven with
 * page.evaluate, reporting back through an exposed function.
 */
export class MediaPlane {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async open(
    browser: Browser,
    origin: string,
    onEvent: (e: PlaneEvent) => void,
  ): Promise<MediaPlane> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (err) =>
      process.stderr.write(`[media plane page error] ${err.message}\n`),
    );
    await page.exposeFunction('mediaPlaneEvent', onEvent);
    const script = await pageScript();
    await page.route(`${origin}/__media-plane`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><meta charset="utf-8"><title>media plane</title><script>${script.replace(/<\/script/g, '<\\/script')}</script>`,
      }),
    );
    await page.goto(`${origin}/__media-plane`);
    await page.waitForFunction(() => 'mediaPlane' in window);
    return new MediaPlane(context, page);
  }

  answerPublisher(
    participantSid: string,
    sdp: string,
    midToTrackSid: Record<string, string>,
  ): Promise<string> {
    return this.page.evaluate(
      (a) =>
        window.mediaPlane.answerPublisher(
          a.participantSid,
          a.sdp,
          a.midToTrackSid,
        ),
      { participantSid, sdp, midToTrackSid },
    );
  }

  addIceCandidate(
    participantSid: string,
    target: 'publisher' | 'subscriber',
    candidate: RTCIceCandidateInit,
  ): Promise<void> {
    return this.page.evaluate(
      (a) =>
        window.mediaPlane.addIceCandidate(
          a.participantSid,
          a.target,
          a.candidate,
        ),
      { participantSid, target, candidate },
    );
  }

  offerSubscriber(
    participantSid: string,
    wanted: { trackSid: string; enabled: boolean }[],
  ): Promise<{ sdp: string; mids: Record<string, string> }> {
    return this.page.evaluate(
      (a) => window.mediaPlane.offerSubscriber(a.participantSid, a.wanted),
      { participantSid, wanted },
    );
  }

  subscriberAnswer(participantSid: string, sdp: string): Promise<void> {
    return this.page.evaluate(
      (a) => window.mediaPlane.subscriberAnswer(a.participantSid, a.sdp),
      { participantSid, sdp },
    );
  }

  setForwarding(
    participantSid: string,
    trackSid: string,
    enabled: boolean,
  ): Promise<void> {
    return this.page.evaluate(
      (a) =>
        window.mediaPlane.setForwarding(
          a.participantSid,
          a.trackSid,
          a.enabled,
        ),
      { participantSid, trackSid, enabled },
    );
  }

  stats(): Promise<
    Record<string, { in: Record<string, number>; out: Record<string, number> }>
  > {
    return this.page.evaluate(() => window.mediaPlane.stats());
  }

  close(participantSid: string, trackSids: string[]): Promise<void> {
    return this.page.evaluate(
      (a) => window.mediaPlane.close(a.participantSid, a.trackSids),
      { participantSid, trackSids },
    );
  }

  async shutdown(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
