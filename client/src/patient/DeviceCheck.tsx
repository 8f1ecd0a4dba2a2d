import { useEffect, useRef, useState } from 'react';
import { gradeNetwork, type Quality } from './connection-quality';
import { t, type Lang } from './i18n';

export interface DeviceCheckResult {
  audioOnly: boolean;
  network: Quality;
}

type Check = 'checking' | 'ok' | 'blocked' | 'missing';

/** Round trips to our own server: the path the call's signaling takes. */
async function measureNetwork(): Promise<Quality> {
  const rtts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    try {
      await fetch(`/healthz?n=${i}`, { cache: 'no-store' });
      rtts.push(performance.now() - t0);
    } catch {
      /* a failed probe counts as no sample */
    }
  }
  const downlink = (
    navigator as Navigator & { connection?: { downlink?: number } }
  ).connection?.downlink;
  return gradeNetwork(
    rtts,
    typeof downlink === 'number' && downlink > 0 ? downlink : null,
  );
}

/**
 * Before joining: camera preview, a microphone level bar, a speaker test tone
 * and a network grade, with one tap to go audio only (preselected on a weak
 * network). Nothing here blocks: a person with no camera still joins.
 */
export function DeviceCheck({
  lang,
  onDone,
}: {
  lang: Lang;
  onDone(r: DeviceCheckResult): void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<Check>('checking');
  const [mic, setMic] = useState<Check>('checking');
  const [level, setLevel] = useState(0);
  const [network, setNetwork] = useState<Quality | null>(null);
  const [audioOnly, setAudioOnly] = useState(false);
  const [heard, setHeard] = useState(false);
  const streamRef = useRef<MediaStream | null>(null);

  useEffect(() => {
    let stopped = false;
    let raf = 0;
    let ctx: AudioContext | null = null;
    (async () => {
      let stream: MediaStream | null = null;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: true,
          video: {
            width: { ideal: 320 },
            height: { ideal: 240 },
            facingMode: 'user',
          },
        });
      } catch (err) {
        const name = (err as DOMException).name;
        // No camera (or a broken one): try the microphone alone.
        try {
          stream = await navigator.mediaDevices.getUserMedia({ audio: true });
          setCamera(name === 'NotAllowedError' ? 'blocked' : 'missing');
          setAudioOnly(true);
        } catch (err2) {
          setCamera(
            (err2 as DOMException).name === 'NotAllowedError'
              ? 'blocked'
              : 'missing',
          );
          setMic(
            (err2 as DOMException).name === 'NotAllowedError'
              ? 'blocked'
              : 'missing',
          );
          return;
        }
      }
      if (stopped) return stream.getTracks().forEach((tr) => tr.stop());
      streamRef.current = stream;
      if (stream.getVideoTracks().length) {
        setCamera('ok');
        if (video.current) video.current.srcObject = stream;
      }
      setMic(stream.getAudioTracks().length ? 'ok' : 'missing');
      ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 256;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
        setLevel(Math.min(1, peak / 64));
        raf = requestAnimationFrame(tick);
      };
      tick();
    })();
    void measureNetwork().then((q) => {
      if (stopped) return;
      setNetwork(q);
      if (q === 'poor') setAudioOnly(true);
    });
    return () => {
      stopped = true;
      cancelAnimationFrame(raf);
      void ctx?.close();
      streamRef.current?.getTracks().forEach((tr) => tr.stop());
      streamRef.current = null;
    };
  }, []);

  const playTone = () => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    gain.gain.value = 0.2;
    osc.frequency.value = 660;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.8);
    osc.onended = () => void ctx.close();
  };

  const label = (c: Check) =>
    c === 'ok'
      ? t(lang, 'device_ok')
      : c === 'checking'
        ? t(lang, 'device_checking')
        : c === 'blocked'
          ? t(lang, 'device_blocked')
          : t(lang, 'device_no_camera');
  const networkLabel =
    network === null
      ? t(lang, 'device_checking')
      : t(
          lang,
          network === 'good'
            ? 'network_good'
            : network === 'fair'
              ? 'network_fair'
              : 'network_weak',
        );

  return (
    <div className="device-check">
      <video
        ref={video}
        className="preview"
        autoPlay
        playsInline
        muted
        aria-label={t(lang, 'device_camera')}
        hidden={camera !== 'ok' || audioOnly}
      />
      <ul className="checks">
        <li data-check="camera" data-status={camera}>
          <strong>{t(lang, 'device_camera')}:</strong> {label(camera)}
        </li>
        <li data-check="microphone" data-status={mic}>
          <strong>{t(lang, 'device_mic')}:</strong>{' '}
          {mic === 'ok' ? t(lang, 'device_mic_talk') : label(mic)}
          {mic === 'ok' ? (
            <div
              className="meter"
              role="meter"
              aria-label={t(lang, 'device_mic')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(level * 100)}
            >
              <span style={{ width: `${Math.round(level * 100)}%` }} />
            </div>
          ) : null}
        </li>
        <li data-check="speaker" data-status={heard ? 'ok' : 'checking'}>
          <strong>{t(lang, 'device_speaker')}:</strong>{' '}
          <button type="button" className="small" onClick={playTone}>
            {t(lang, 'device_play_tone')}
          </button>{' '}
          <button
            type="button"
            className="small"
            aria-pressed={heard}
            onClick={() => setHeard(true)}
          >
            {t(lang, 'device_heard')}
          </button>
        </li>
        <li data-check="network" data-status={network ?? 'checking'}>
          <strong>{t(lang, 'device_network')}:</strong> {networkLabel}
        </li>
      </ul>
      <label className="toggle">
        <input
          type="checkbox"
          checked={audioOnly}
          onChange={(e) => setAudioOnly(e.target.checked)}
        />
        <span>
          {t(lang, 'audio_only')}
          <small>{t(lang, 'audio_only_help')}</small>
        </span>
      </label>
      <div className="device-continue">
        <button
          type="button"
          className="big primary"
          disabled={mic === 'checking'}
          onClick={() => onDone({ audioOnly, network: network ?? 'fair' })}
        >
          {t(lang, 'continue')}
        </button>
      </div>
    </div>
  );
}
