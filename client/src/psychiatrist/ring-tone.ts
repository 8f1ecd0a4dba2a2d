/**
 * A two-tone ring made with WebAudio (no audio file to download). Browsers only
 * let a page make sound after the user has interacted with it; the duty switch
 * click counts, which is why the tone is primed there.
 */
let ctx: AudioContext | null = null;

export function primeRingTone(): void {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
  } catch {
    ctx = null;
  }
}

/** Starts ringing; returns a stop function. */
export function startRinging(): () => void {
  primeRingTone();
  const audio = ctx;
  if (!audio) return () => undefined;
  const beep = () => {
    for (const [freq, at] of [
      [880, 0],
      [660, 0.25],
    ] as const) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(
        0.25,
        audio.currentTime + at + 0.02,
      );
      gain.gain.exponentialRampToValueAtTime(
        0.0001,
        audio.currentTime + at + 0.22,
      );
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.24);
    }
  };
  beep();
  const timer = setInterval(beep, 1500);
  return () => clearInterval(timer);
}
