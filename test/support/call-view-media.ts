import type { Page } from 'playwright-core';
import { screenshot } from './client-pages';

/**
 * Media checks on the app's own call page (client/src/call-view): each
 * remote tile carries its inbound byte counters, fed by the engine's
 * getStats(), and the <video> elements show whether frames are decoded.
 */

/** Inbound media bytes per remote tile, read from the call view's tiles. */
export async function inboundBytes(
  page: Page,
): Promise<{ participant: string; audio: number; video: number }[]> {
  return page.$$eval(
    'figure.tile[data-participant]:not([data-participant="self"])',
    (tiles) =>
      tiles.map((t) => ({
        participant: t.getAttribute('data-participant')!,
        audio: Number(t.getAttribute('data-inbound-audio-bytes')),
        video: Number(t.getAttribute('data-inbound-video-bytes')),
      })),
  );
}

/** Waits until `page` receives audio and video from `remotes` people, growing between two reads. */
export async function mediaFlowsFrom(
  page: Page,
  remotes: number,
  timeoutMs = 45_000,
  failureShot = 'call-view-failure-media',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let first: Awaited<ReturnType<typeof inboundBytes>> = [];
  while (Date.now() < deadline) {
    const now = await inboundBytes(page);
    const flowing = now.filter((t) => t.audio > 0 && t.video > 0);
    if (flowing.length >= remotes) {
      if (!first.length) first = now;
      else {
        const grew = now.filter((t) => {
          const before = first.find((f) => f.participant === t.participant);
          return before && t.audio > before.audio && t.video > before.video;
        });
        if (grew.length >= remotes) return;
      }
    }
    await page.waitForTimeout(1000);
  }
  await screenshot(page, failureShot);
  throw new Error(
    `media from ${remotes} participant(s) did not flow into ${page.url()}: ${JSON.stringify(await inboundBytes(page))}`,
  );
}

/** Waits until `count` remote <video> elements on the page are playing (frames decoded, time advancing). */
export async function videosPlaying(
  page: Page,
  count: number,
  timeoutMs = 30_000,
): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const playing = [...document.querySelectorAll('video')].filter(
        (v) =>
          !v.muted &&
          v.readyState >= 2 &&
          v.videoWidth > 0 &&
          v.currentTime > 0.5,
      );
      return playing.length >= n;
    },
    count,
    { timeout: timeoutMs, polling: 500 },
  );
}
