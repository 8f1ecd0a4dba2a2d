import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { launchBrowser } from '../support/browser';
import { startCoturn, type Coturn } from '../support/coturn';
import { eventually } from '../support/eventually';
import {
  engineCall,
  type LiveCall,
} from '../support/media-quality/measured-calls';
import {
  startImpairedTurn,
  type ImpairedTurn,
} from '../support/network-impairment/impaired-turn';
import { oneWay, PROFILES } from '../support/network-impairment/profiles';
import { startTestServer } from '../support/test-server';

/**
 * The real call engine in Chromium with the patient behind the `poor`
 * profile (test/support/network-impairment/), one direction at a time: audio
 * keeps flowing the impaired way, and the connection goes audio only within
 * the documented time (docs/network.md: 15 s from the second join).
 */
jest.setTimeout(90_000);

const AUDIO_ONLY_WITHIN_MS = 15_000;

interface Counters {
  at: number;
  samples: number;
  concealed: number;
  frames: number;
}

const counters = (page: Page): Promise<Counters> =>
  page.evaluate(() => {
    const s = window.mediaProbe.samples();
    const x = s[s.length - 1]!;
    return {
      at: x.at,
      samples: x.audio.samples,
      concealed: x.audio.concealed,
      frames: x.video.frames,
    };
  });

/** When (ms from the second join) either side's connection went audio only. */
async function audioOnlyAt(call: LiveCall): Promise<number> {
  const at = async () => {
    const times: number[] = [];
    for (const page of [call.patient, call.clinician])
      times.push(
        ...(await page.evaluate(() =>
          window.callTest
            .log()
            .filter(
              (e) =>
                e.event === 'network' &&
                (e.detail as { step: string }).step === 'audio-only',
            )
            .map((e) => e.at),
        )),
      );
    return times.length ? Math.min(...times) - call.t0 : null;
  };
  await eventually(
    async () => (await at()) !== null,
    AUDIO_ONLY_WITHIN_MS + 10_000,
    'a connection going audio only',
  );
  return (await at())!;
}

describe('a call with the patient on a poor network (Chromium, TURN through the impairment relay)', () => {
  let browser: Browser;
  let coturn: Coturn;
  let turn: ImpairedTurn;
  let server: RunningServer;
  beforeAll(async () => {
    coturn = await startCoturn();
    turn = await startImpairedTurn({
      coturnPort: coturn.port,
      maxLifetimeMs: 300_000,
    });
    server = await startTestServer({
      env: {
        TURN_URLS: turn.urls.join(','),
        TURN_SECRET: coturn.secret,
        STUN_URLS: `stun:127.0.0.1:${coturn.port}`,
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await turn?.close();
    await coturn?.stop();
  });

  it.each([
    ['up', 'the patient', 'clinician'],
    ['down', 'the clinician', 'patient'],
  ] as const)(
    'poor %s-link: audio from %s keeps flowing and the call goes audio only in time',
    async (direction, _from, listener) => {
      turn.setProfile(oneWay(PROFILES.poor, direction));
      const call = await engineCall(browser, server);
      try {
        const switchedAt = await audioOnlyAt(call);
        expect(switchedAt).toBeLessThanOrEqual(AUDIO_ONLY_WITHIN_MS);
        // The impaired way really was impaired: the relay lost packets on it.
        const link = turn.counters()[direction] as { lost: number };
        expect(link.lost).toBeGreaterThan(0);

        // Let the renegotiation settle, then watch 5 s of the impaired
        // direction.
        await call.patient.waitForTimeout(2000);
        const ear = listener === 'patient' ? call.patient : call.clinician;
        const a = await counters(ear);
        await ear.waitForTimeout(5000);
        const b = await counters(ear);
        const played = b.samples - a.samples;
        const concealed = (b.concealed - a.concealed) / played;
        // Samples are counted at 48 kHz: most of the window was played out, and
        // little of it concealed.
        expect(played / ((b.at - a.at) * 48)).toBeGreaterThan(0.7);
        expect(concealed).toBeLessThan(0.08);
        // Video has stopped on this connection (the picture no longer moves).
        expect(b.frames - a.frames).toBeLessThanOrEqual(1);
      } finally {
        const m = await call.finish();
        process.stderr.write(
          `[weak network ${direction}] ${JSON.stringify({
            patient: m.patient.audio,
            clinician: m.clinician.audio,
            steps: [...m.patientSteps, ...m.clinicianSteps].map((s) => s.atMs),
          })}\n`,
        );
      }
    },
  );
});
