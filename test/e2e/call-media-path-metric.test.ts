import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { launchBrowser } from '../support/browser';
import { consultCallPair, type JoinOptions } from '../support/call-pages';
import { screenshot } from '../support/client-pages';
import { startCoturn, type Coturn } from '../support/coturn';
import { eventually } from '../support/eventually';
import { startTestServer } from '../support/test-server';

/**
 * The operators' relay share (`call_media_paths_total{path}` on /metrics),
 * end to end: real Chromium pages running the call engine report their
 * selected ICE path, and the counter an operator scrapes moves. A call
 * forced through coturn (iceTransportPolicy 'relay', as a user behind a
 * strict firewall) counts under `relay`; a call on the open loopback
 * network, TURN offered but not needed, under `direct`.
 */
jest.setTimeout(240_000);

type Paths = { relay: number; direct: number };

describe('the ICE path metric in Chromium', () => {
  let browser: Browser;
  let coturn: Coturn;
  let server: RunningServer;
  beforeAll(async () => {
    coturn = await startCoturn();
    server = await startTestServer({
      env: {
        TURN_URLS: coturn.url,
        TURN_SECRET: coturn.secret,
        METRICS_PORT: '0',
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await coturn?.stop();
  });

  async function paths(): Promise<Paths> {
    const res = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    const text = await res.text();
    const n = (path: string) =>
      Number(
        new RegExp(
          `^call_media_paths_total\\{path="${path}"\\} (\\d+)`,
          'm',
        ).exec(text)?.[1] ?? 0,
      );
    return { relay: n('relay'), direct: n('direct') };
  }

  const candidateType = (page: Page) =>
    page.evaluate(async () => {
      const s = await window.callTest.stats();
      return s[0]?.localCandidateType ?? null;
    });

  /** A consult call between two browsers; the paths counted once both report. */
  async function call(o: JoinOptions, expected: Paths, shot: string) {
    const { a, b } = await consultCallPair(browser, server, {
      pcp: o,
      psychiatrist: o,
    });
    try {
      const counted = await eventually(
        async () => {
          const now = await paths();
          return now.relay + now.direct === expected.relay + expected.direct
            ? now
            : null;
        },
        90_000,
        `both pages to report their ICE path\n${coturn.log().slice(-2000)}`,
      );
      await screenshot(b.page, shot);
      return {
        counted,
        types: [await candidateType(a.page), await candidateType(b.page)],
      };
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }

  it('counts a call forced through TURN as relay, then a direct call as direct', async () => {
    const start = await paths();
    const relayed = await call(
      { iceTransportPolicy: 'relay' },
      { relay: start.relay + 2, direct: start.direct },
      'ice-path-relay-call',
    );
    expect(relayed.types).toEqual(['relay', 'relay']);
    expect(relayed.counted).toEqual({
      relay: start.relay + 2,
      direct: start.direct,
    });

    const direct = await call(
      {},
      { relay: relayed.counted.relay, direct: relayed.counted.direct + 2 },
      'ice-path-direct-call',
    );
    expect(direct.types).not.toContain('relay');
    expect(direct.counted).toEqual({
      relay: start.relay + 2,
      direct: start.direct + 2,
    });
  });
});
