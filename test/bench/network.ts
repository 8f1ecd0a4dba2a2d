/**
 * npm run bench:network
 *   BENCH_NETWORK_SECONDS=60  call length per run
 *   BENCH_NETWORK_PROFILES=good,rural,poor,satellite,udp_blocked
 *
 * For each weak-network profile, a two-person call through the impairment
 * relay (test/support/network-impairment/) with our call engine and then with
 * a bare WebRTC pair on the same relay and fake media, measured from getStats
 * in both browsers (test/support/media-quality/). Prints one JSON document:
 * both results per profile, their ratios (engine / bare) and the issue's
 * targets checked.
 */
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { launchBrowser } from '../support/browser';
import { startCoturn } from '../support/coturn';
import {
  bareCall,
  engineCall,
  type LiveCall,
  type MeasuredCall,
} from '../support/media-quality/measured-calls';
import { startImpairedTurn } from '../support/network-impairment/impaired-turn';
import {
  PROFILES,
  type ProfileName,
} from '../support/network-impairment/profiles';
import { startTestServer } from '../support/test-server';

const SECONDS = Number(process.env.BENCH_NETWORK_SECONDS ?? 60);
const NAMES = (
  process.env.BENCH_NETWORK_PROFILES ?? 'good,rural,poor,satellite,udp_blocked'
).split(',') as ProfileName[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One measured call. A call whose patient settled on TURN/TCP while UDP was
 * open did not take the profile's UDP link (seen now and then on a loaded
 * machine): it is run again, up to twice, and the retries are reported.
 */
async function measure(
  start: () => Promise<LiveCall>,
  udp: boolean,
  log: () => string,
): Promise<MeasuredCall & { retriedForPath: number }> {
  for (let attempt = 0; ; attempt++) {
    const call = await start();
    await sleep(SECONDS * 1000);
    const m = await call.finish();
    const tookUdp = m.patient.path === 'relay/udp';
    if (!udp || tookUdp || attempt === 2)
      return { ...m, retriedForPath: attempt };
    process.stderr.write(
      `bench:network: patient on ${m.patient.path}, again; coturn said:\n${log()
        .split('\n')
        .filter((l) => /error|mismatch|denied|43[0-9]|40[0-9]/i.test(l))
        .slice(-10)
        .join('\n')}\n`,
    );
    await sleep(2000);
  }
}

const ratio = (a: number | null, b: number | null) =>
  a === null || b === null
    ? null
    : b === 0
      ? a === 0
        ? 1
        : null
      : Number((a / b).toFixed(3));

function ratios(e: MeasuredCall, b: MeasuredCall) {
  const side = (k: 'patient' | 'clinician') => ({
    concealedRatio: ratio(e[k].audio.concealedRatio, b[k].audio.concealedRatio),
    firstAudioMs: ratio(e[k].firstAudioMs, b[k].firstAudioMs),
    longestGapMs: ratio(e[k].audio.longestGapMs, b[k].audio.longestGapMs),
    freezes: ratio(e[k].video.freezes, b[k].video.freezes),
    freezeSeconds: ratio(e[k].video.freezeSeconds, b[k].video.freezeSeconds),
    meanFps: ratio(e[k].video.meanFps, b[k].video.meanFps),
  });
  return { patient: side('patient'), clinician: side('clinician') };
}

/**
 * The bar for rural and poor, per side (connect time alone for
 * udp_blocked).
 */
function targets(name: ProfileName, e: MeasuredCall, b: MeasuredCall) {
  const sides = (['patient', 'clinician'] as const).map((k) => {
    const x = e[k];
    const y = b[k];
    if (name === 'udp_blocked')
      return {
        side: k,
        connectedOverTcpWithin5s:
          x.firstAudioMs !== null && x.firstAudioMs < 5000,
      };
    return {
      side: k,
      concealmentUnder3pc: x.audio.concealedRatio < 0.03,
      firstAudioUnder3s: x.firstAudioMs !== null && x.firstAudioMs < 3000,
      noAudioGapOver1s: x.audio.longestGapMs <= 1000,
      concealmentNoWorseThanBare:
        x.audio.concealedRatio <= y.audio.concealedRatio * 1.1 + 0.002,
      freezesNoWorseThanBare:
        x.video.freezeSeconds <= y.video.freezeSeconds * 1.1 + 0.5,
    };
  });
  return sides;
}

function machine() {
  let chromium = 'unknown';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'])
      .toString()
      .trim();
  } catch {}
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    node: process.version,
    chromium,
  };
}

async function main() {
  const bound = (NAMES.length * 2 * (SECONDS + 40) + 120) * 1000;
  const coturn = await startCoturn();
  const turn = await startImpairedTurn({
    coturnPort: coturn.port,
    maxLifetimeMs: bound,
  });
  const stunUrls = [`stun:127.0.0.1:${coturn.port}`];
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  // Whatever happens, nothing outlives the bound.
  const guard = setTimeout(() => {
    process.stderr.write('bench:network: over its time bound, stopping\n');
    process.exit(2);
  }, bound);
  guard.unref();
  const results: Record<string, unknown> = {};
  try {
    server = await startTestServer({
      store: 'pglite',
      env: {
        TURN_URLS: turn.urls.join(','),
        TURN_SECRET: coturn.secret,
        STUN_URLS: stunUrls.join(','),
      },
    });
    browser = await launchBrowser();
    // A first, unmeasured call: the first call of a cold browser and server
    // was seen settling on TURN/TCP on a clean link, which no later call did.
    turn.setProfile(PROFILES.good);
    await (await engineCall(browser, server)).finish();
    for (const name of NAMES) {
      const profile = PROFILES[name];
      if (!profile) throw new Error(`unknown profile ${name}`);
      process.stderr.write(`bench:network: ${name} (engine, then bare)\n`);
      turn.setProfile(profile);
      const engine = await measure(
        () => engineCall(browser!, server!),
        profile.udp,
        coturn.log,
      );
      const linkEngine = turn.counters();
      await sleep(2000);
      turn.setProfile(profile);
      const bare = await measure(
        () =>
          bareCall(browser!, server!, {
            urls: turn.urls,
            secret: coturn.secret,
            stunUrls,
          }),
        profile.udp,
        coturn.log,
      );
      const linkBare = turn.counters();
      await sleep(2000);
      results[name] = {
        engine,
        bare,
        ratio: ratios(engine, bare),
        targets: targets(name, engine, bare),
        link: { engine: linkEngine, bare: linkBare },
      };
    }
  } finally {
    await browser?.close();
    await server?.close();
    await turn.close();
    await coturn.stop();
    clearTimeout(guard);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'network',
        date: new Date().toISOString(),
        machine: machine(),
        secondsPerCall: SECONDS,
        profiles: results,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
