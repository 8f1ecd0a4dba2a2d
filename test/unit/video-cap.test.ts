import { cappedLimits } from '../../client/src/call/video-cap';

/** The video cap for weak uplinks, per encoding layer (simulcast has three). */
describe('video bitrate cap per layer', () => {
  const simulcast = [
    { maxBitrate: 100_000 },
    { maxBitrate: 300_000 },
    { maxBitrate: 900_000 },
  ];
  it.each([
    ['one unlimited layer, capped', [{}], 150_000, [150_000]],
    ['one unlimited layer, no cap', [{}], undefined, [undefined]],
    [
      'simulcast: only layers above the cap come down',
      simulcast,
      250_000,
      [100_000, 250_000, 250_000],
    ],
    [
      'simulcast: a cap above every layer changes nothing',
      simulcast,
      2_000_000,
      [100_000, 300_000, 900_000],
    ],
    [
      'simulcast: lifting the cap restores the published limits',
      simulcast,
      undefined,
      [100_000, 300_000, 900_000],
    ],
  ] as const)('%s', (_case, base, cap, expected) =>
    expect(cappedLimits(base, cap)).toEqual(expected),
  );
});
