import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { CallEngine, type RemoteParticipant } from '../call';
import {
  assessQuality,
  videoBitrateKbpsFor,
  videoConstraintsFor,
  type Quality,
  type QualitySample,
} from './connection-quality';
import { FormError } from './FormError';
import { t, type Lang, type Phrase } from './i18n';

const STATS_EVERY_MS = 3000;

function Tile({
  stream,
  label,
  muted,
  waitingNote,
}: {
  stream: MediaStream | null;
  label: string;
  muted?: boolean;
  /** Shown over the tile until its video plays (a reload reconnects). */
  waitingNote?: string | null;
}) {
  const el = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (el.current && el.current.srcObject !== stream) {
      el.current.srcObject = stream;
      setPlaying(false);
    }
  }, [stream]);
  return (
    <figure className="tile">
      <video
        ref={el}
        autoPlay
        playsInline
        muted={muted}
        data-participant={label}
        onPlaying={() => setPlaying(true)}
      />
      {waitingNote && !playing ? (
        <span className="tile-note" role="status">
          {waitingNote}
        </span>
      ) : null}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

const ROLE_PHRASES: Record<string, Phrase> = {
  patient: 'role_patient',
  guardian: 'role_guardian',
  interpreter: 'role_interpreter',
  psychiatrist: 'role_psychiatrist',
  bh_clinician: 'role_bh_clinician',
  care_manager: 'role_care_manager',
  pcp: 'role_pcp',
};

/**
 * "Dr. Ana Ortiz (psiquiatra)": the role in the page's language, in place
 * of a clinician's own English note ("(child & adolescent)"), never twice.
 */
export function personLabel(lang: Lang, name: string, role: string): string {
  const phrase = ROLE_PHRASES[role];
  if (!phrase) return name;
  const bare = name.replace(/\s*\([^)]*\)\s*$/, '');
  return `${bare} (${t(lang, phrase)})`;
}

/**
 * The call, through the shared call engine on the visitor's socket. Video is
 * capped by the pre-join network grade; connection stats are watched and,
 * when quality stays poor, audio only is offered (the call goes on either way).
 */
export function InCall({
  lang,
  socket,
  visitId,
  audioOnly,
  quality,
  onLeft,
}: {
  lang: Lang;
  socket: Socket;
  visitId: string;
  audioOnly: boolean;
  quality: Quality;
  onLeft(why: 'left' | 'ended' | 'removed'): void;
}) {
  const [engine] = useState(
    () =>
      new CallEngine({
        socket,
        media: { audio: true, video: videoConstraintsFor(quality) },
        maxVideoBitrateKbps: videoBitrateKbpsFor(quality),
      }),
  );
  const [people, setPeople] = useState<RemoteParticipant[]>([]);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [muted, setMuted] = useState(false);
  const [isAudioOnly, setIsAudioOnly] = useState(audioOnly);
  const [weak, setWeak] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // The latest callback: the mount-long effect below never calls a stale one.
  const onLeftRef = useRef(onLeft);
  onLeftRef.current = onLeft;

  // The engine lives as long as this view: it joins the visit it was mounted
  // for (one view, one visit), audio only if so chosen then (the toggle below
  // changes it later), hence no `audioOnly` or `visitId` dep.
  // biome-ignore lint/correctness/useExhaustiveDependencies(audioOnly): above
  // biome-ignore lint/correctness/useExhaustiveDependencies(visitId): above
  useEffect(() => {
    const refresh = () => setPeople(engine.participants);
    engine.on('participant', refresh);
    engine.on('participant-left', refresh);
    engine.on('remote-stream', refresh);
    engine.on('local-stream', (s) =>
      setLocal(s ? new MediaStream(s.getTracks()) : null),
    );
    engine.on('ended', () => onLeftRef.current('ended'));
    engine.on('removed', (e) => {
      // Sent back to the waiting room: the page's own state push moves us there; a takeover by another tab means we are done here.
      if (e.reason === 'replaced') onLeftRef.current('left');
    });
    let cancelled = false;
    void (async () => {
      if (audioOnly) await engine.setAudioOnly(true);
      try {
        await engine.join({ visitId });
        if (!cancelled) refresh();
      } catch (err) {
        if (!cancelled) setProblem((err as Error).message);
      }
    })();
    return () => {
      cancelled = true;
      void engine.close();
    };
  }, [engine]);

  // Watch the connection: two poor samples in a row suggest audio only.
  // The engine's cap was set from the grade at mount, hence no `quality` dep.
  // biome-ignore lint/correctness/useExhaustiveDependencies(quality): above
  useEffect(() => {
    const last = new Map<string, QualitySample>();
    let poorRuns = 0;
    let capped = quality === 'poor';
    const timer = setInterval(async () => {
      const stats = await engine.getStats().catch(() => []);
      let worst: Quality = 'good';
      for (const s of stats) {
        const sample: QualitySample = {
          roundTripTimeMs: s.roundTripTimeMs,
          packetsReceived:
            s.inbound.audio.packetsReceived + s.inbound.video.packetsReceived,
          packetsLost:
            s.inbound.audio.packetsLost + s.inbound.video.packetsLost,
          connectionState: s.connectionState,
        };
        const q = assessQuality(last.get(s.participantId) ?? null, sample);
        last.set(s.participantId, sample);
        if (q === 'poor' || (q === 'fair' && worst === 'good')) worst = q;
      }
      poorRuns = worst === 'poor' ? poorRuns + 1 : 0;
      // A link that turned poor gets the lowest video cap at once; audio only is the family's choice.
      if (poorRuns === 1 && !capped) {
        capped = true;
        void engine.setMaxVideoBitrate(videoBitrateKbpsFor('poor'));
      }
      setWeak(poorRuns >= 2);
    }, STATS_EVERY_MS);
    return () => clearInterval(timer);
  }, [engine]);

  const toggleAudioOnly = async () => {
    await engine.setAudioOnly(!isAudioOnly);
    setIsAudioOnly(!isAudioOnly);
    setWeak(false);
  };

  return (
    <div className="in-call" data-audio-only={isAudioOnly}>
      <FormError text={problem} />
      {weak && !isAudioOnly ? (
        <div role="status" className="weak-banner">
          {t(lang, 'weak_connection')}{' '}
          <button
            type="button"
            className="small primary"
            onClick={() => void toggleAudioOnly()}
          >
            {t(lang, 'switch_audio_only')}
          </button>
        </div>
      ) : null}
      <div className="tiles">
        {people.length ? (
          people.map((p) => (
            <Tile
              key={p.info.participantId}
              stream={p.stream}
              label={personLabel(lang, p.info.displayName, p.info.role)}
              waitingNote={p.info.videoMuted ? null : t(lang, 'reconnecting')}
            />
          ))
        ) : (
          <p>{t(lang, 'incall_waiting_others')}</p>
        )}
      </div>
      {local && !isAudioOnly ? (
        <div className="self-view">
          <Tile stream={local} label={t(lang, 'you')} muted />
        </div>
      ) : null}
      <div className="controls">
        <button
          type="button"
          className="big"
          aria-pressed={muted}
          onClick={() => {
            engine.setMicrophoneMuted(!muted);
            setMuted(!muted);
          }}
        >
          {muted ? t(lang, 'unmute') : t(lang, 'mute')}
        </button>
        <button
          type="button"
          className="big"
          aria-pressed={isAudioOnly}
          onClick={() => void toggleAudioOnly()}
        >
          {isAudioOnly ? t(lang, 'switch_video') : t(lang, 'switch_audio_only')}
        </button>
        <button
          type="button"
          className="big danger"
          onClick={() => {
            void engine.leave().finally(() => onLeft('left'));
          }}
        >
          {t(lang, 'leave')}
        </button>
      </div>
    </div>
  );
}
