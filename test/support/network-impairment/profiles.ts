import { CLEAN_LINK, type LinkSpec } from './link-model';

/**
 * The networks families join from, as impairments of their access link.
 * `up` is what the impaired browser sends (towards TURN), `down` what it
 * receives. The round trip is split evenly between the two directions. A
 * queue of 400 ms is a typical home router / mobile buffer: deep enough that
 * an over-sending video fills it and delays audio before packets drop.
 */
export type ProfileName =
  | 'good'
  | 'rural'
  | 'poor'
  | 'satellite'
  | 'udp_blocked';

export interface NetworkProfile {
  name: ProfileName;
  up: LinkSpec;
  down: LinkSpec;
  /** false: UDP to TURN is dropped, only TURN over TCP gets through. */
  udp: boolean;
}

const QUEUE_MS = 400;

function link(
  rateKbps: number | undefined,
  rttMs: number,
  jitterMs: number,
  loss: LinkSpec['loss'],
): LinkSpec {
  return { rateKbps, delayMs: rttMs / 2, jitterMs, loss, queueMs: QUEUE_MS };
}

export const PROFILES: Record<ProfileName, NetworkProfile> = {
  good: { name: 'good', up: CLEAN_LINK, down: CLEAN_LINK, udp: true },
  rural: {
    name: 'rural',
    up: link(300, 150, 10, { model: 'random', rate: 0.02 }),
    down: link(1000, 150, 10, { model: 'random', rate: 0.02 }),
    udp: true,
  },
  poor: {
    name: 'poor',
    up: link(150, 300, 30, { model: 'bursty', rate: 0.05, meanBurst: 2 }),
    down: link(400, 300, 30, { model: 'bursty', rate: 0.05, meanBurst: 2 }),
    udp: true,
  },
  satellite: {
    name: 'satellite',
    up: link(1000, 600, 20, { model: 'random', rate: 0.01 }),
    down: link(1000, 600, 20, { model: 'random', rate: 0.01 }),
    udp: true,
  },
  udp_blocked: {
    name: 'udp_blocked',
    up: CLEAN_LINK,
    down: CLEAN_LINK,
    udp: false,
  },
};

/**
 * A profile whose rate limit and loss apply one way only (tests that impair
 * one direction); the round trip stays, as it belongs to the path.
 */
export function oneWay(
  p: NetworkProfile,
  direction: 'up' | 'down',
): NetworkProfile {
  const delayOnly = (l: LinkSpec): LinkSpec => ({
    ...CLEAN_LINK,
    delayMs: l.delayMs,
    jitterMs: l.jitterMs,
  });
  return direction === 'up'
    ? { ...p, down: delayOnly(p.down) }
    : { ...p, up: delayOnly(p.up) };
}
