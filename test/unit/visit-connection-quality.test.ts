import {
  assessQuality,
  gradeNetwork,
  videoBitrateKbpsFor,
  videoConstraintsFor,
  type QualitySample,
} from '../../client/src/patient/connection-quality';

const s = (o: Partial<QualitySample>): QualitySample => ({
  roundTripTimeMs: 50,
  packetsReceived: 1000,
  packetsLost: 0,
  connectionState: 'connected',
  ...o,
});

describe('in-call connection quality (decides when to suggest audio only)', () => {
  it.each([
    ['a clean link', null, s({}), 'good'],
    [
      '3% loss since the last sample',
      s({}),
      s({ packetsReceived: 1970, packetsLost: 30 }),
      'fair',
    ],
    [
      '8% loss since the last sample',
      s({}),
      s({ packetsReceived: 1920, packetsLost: 80 }),
      'poor',
    ],
    [
      'old losses only (none since)',
      s({ packetsLost: 500 }),
      s({ packetsReceived: 2000, packetsLost: 500 }),
      'good',
    ],
    ['slow round trips', null, s({ roundTripTimeMs: 400 }), 'fair'],
    ['very slow round trips', null, s({ roundTripTimeMs: 900 }), 'poor'],
    [
      'a dropped connection',
      null,
      s({ connectionState: 'disconnected' }),
      'poor',
    ],
  ] as const)('%s -> %s', (_l, prev, cur, expected) =>
    expect(assessQuality(prev, cur)).toBe(expected),
  );
});

describe('pre-join network grade', () => {
  it.each([
    [[40, 60, 50], null, 'good'],
    [[40, 60, 50], 1, 'fair'],
    [[350, 400, 300], null, 'fair'],
    [[900, 1200, 1000], null, 'poor'],
    [[50], 0.2, 'poor'],
    [[], null, 'poor'],
  ] as const)('rtts %j, downlink %s -> %s', (rtts, downlink, expected) =>
    expect(gradeNetwork([...rtts], downlink)).toBe(expected),
  );

  it('caps video harder on anything but a good link', () => {
    expect(videoConstraintsFor('good').height).toMatchObject({ max: 540 });
    expect(videoConstraintsFor('fair').height).toMatchObject({ max: 270 });
    expect(videoConstraintsFor('poor').frameRate).toMatchObject({ max: 15 });
  });

  it.each([
    ['good', 800],
    ['fair', 300],
    ['poor', 150],
  ] as const)('caps the video bitrate on a %s link at %i kbit/s', (q, kbps) =>
    expect(videoBitrateKbpsFor(q)).toBe(kbps),
  );
});
