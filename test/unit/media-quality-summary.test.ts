import {
  summarize,
  type Sample,
} from '../support/media-quality/quality-summary';

/**
 * The bench's reading of getStats samples (test/support/media-quality/):
 * first audio and video, concealment, the longest audio gap, video time.
 */
const T0 = 1_000_000;

/** One sample every 200 ms (9,600 samples played per step at 48 kHz). */
function samples(
  steps: number,
  o: {
    audioFrom?: number;
    concealed?: (i: number) => number;
    framesFrom?: number;
  } = {},
): Sample[] {
  const out: Sample[] = [];
  let played = 0;
  let concealed = 0;
  let frames = 0;
  for (let i = 0; i <= steps; i++) {
    if (i > (o.audioFrom ?? 0)) {
      played += 9600;
      concealed += o.concealed?.(i) ?? 0;
    }
    if (i > (o.framesFrom ?? 0)) frames += 4;
    out.push({
      at: T0 + i * 200,
      audio: {
        samples: played,
        concealed,
        packets: i * 10,
        lost: 0,
        fecPackets: 0,
        codec: 'audio/opus',
      },
      video: {
        frames,
        freezes: 0,
        freezeSeconds: 0,
        width: 320,
        height: 240,
      },
      sentVideoBytes: 0,
      path: 'relay/udp',
    });
  }
  return out;
}

describe('media quality from getStats samples', () => {
  it('times the first real audio and the first frame from t0', () => {
    const s = summarize(T0, samples(20, { audioFrom: 5, framesFrom: 8 }));
    expect(s.firstAudioMs).toBe(6 * 200);
    expect(s.firstVideoMs).toBe(9 * 200);
  });

  it('does not count audio that is all concealment as the first audio', () => {
    const s = summarize(
      T0,
      samples(20, { concealed: (i) => (i <= 4 ? 9600 : 0) }),
    );
    expect(s.firstAudioMs).toBe(5 * 200);
  });

  it.each([
    ['no concealment', () => 0, 0, 0],
    [
      'a 5-window gap (1 s) mid-call',
      (i: number) => (i > 10 && i <= 15 ? 9000 : 0),
      1000,
      0.0938,
    ],
    [
      'scattered light concealment: no gap',
      (i: number) => (i % 2 ? 960 : 0),
      0,
      0.05,
    ],
  ])('%s', (_, concealed, gap, ratio) => {
    const s = summarize(T0, samples(50, { concealed }));
    expect(s.audio.longestGapMs).toBe(gap);
    expect(s.audio.concealedRatio).toBeCloseTo(ratio, 3);
  });

  it('reports concealment after the first 15 s apart', () => {
    const s = summarize(
      T0,
      samples(150, { concealed: (i) => (i < 50 ? 4800 : 0) }),
    );
    expect(s.audio.concealedRatio).toBeGreaterThan(0.1);
    expect(s.audio.steadyConcealedRatio).toBe(0);
  });

  it('counts the seconds in which frames arrived, and their rate', () => {
    const s = summarize(T0, samples(50, { framesFrom: 25 }));
    expect(s.video.secondsWithVideo).toBe(5);
    expect(s.video.meanFps).toBe(20);
    expect(`${s.video.meanWidth}x${s.video.meanHeight}`).toBe('320x240');
  });
});
