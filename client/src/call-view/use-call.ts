import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallJoinRequest } from '../../../signaling/protocol/call-events';
import {
  CallEngine,
  CallError,
  type CallEngineState,
  type RemoteParticipant,
} from '../call/call-engine';
import type { PeerStats } from '../call/call-stats';
import { useLive } from '../live/live-context';

export type CallTarget = Omit<
  CallJoinRequest,
  'peerSession' | 'audioMuted' | 'videoMuted'
>;

export interface CallView {
  state: CallEngineState;
  participants: RemoteParticipant[];
  localStream: MediaStream | null;
  muted: { audio: boolean; video: boolean };
  audioOnly: boolean;
  openedAt: string | null;
  stats: PeerStats[];
  error: string | null;
  endedReason: string | null;
  toggleMic(): void;
  toggleCamera(): void;
  toggleAudioOnly(): void;
  end(): Promise<void>;
  leave(): Promise<void>;
}

/** Engine errors as sentences (the engine passes the server's message through; codes never reach the screen). */
function sentence(err: unknown): string {
  if (err instanceof CallError) {
    if (err.code === 'not_a_participant')
      return 'You are not a participant in this call.';
    if (err.code === 'consult_not_in_call_stage')
      return 'This consult is not ready for a call yet.';
    if (err.code === 'call_ended') return 'This call has ended.';
    return err.message;
  }
  if (
    err instanceof DOMException &&
    (err.name === 'NotAllowedError' || err.name === 'SecurityError')
  )
    return 'The browser blocked the camera or microphone. Allow them in the address bar, then rejoin.';
  if (err instanceof DOMException && err.name === 'NotFoundError')
    return 'No camera or microphone was found. Connect one, or continue by phone.';
  return 'The call could not connect. Check your connection and try again.';
}

/**
 * Wraps the framework-free call engine (client/src/call/) for React: one engine
 * per target on the app's existing socket, re-rendering on its events, and
 * polling getStats so the screen can show connection quality.
 */
export function useCall(target: CallTarget | null): CallView {
  const live = useLive();
  const engineRef = useRef<CallEngine | null>(null);
  const [, force] = useState(0);
  const [state, setState] = useState<CallEngineState>('idle');
  const [error, setError] = useState<string | null>(null);
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const [stats, setStats] = useState<PeerStats[]>([]);
  const key = target ? JSON.stringify(target) : null;

  useEffect(() => {
    if (!key) return;
    const engine = new CallEngine({ socket: live.socket });
    engineRef.current = engine;
    const rerender = () => force((n) => n + 1);
    const offs = [
      engine.on('state', (s) => setState(s)),
      engine.on('participant', rerender),
      engine.on('participant-left', rerender),
      engine.on('remote-stream', rerender),
      engine.on('local-stream', rerender),
      engine.on('ended', (e) => setEndedReason(e.reason)),
      engine.on('removed', (e) =>
        setEndedReason(e.reason === 'replaced' ? 'replaced' : 'removed'),
      ),
      engine.on('error', (e) => setError(sentence(e))),
    ];
    setError(null);
    setEndedReason(null);
    engine.join(JSON.parse(key) as CallTarget).then(
      (r) => {
        setOpenedAt(r.call.openedAt);
        rerender();
      },
      (e: unknown) => setError(sentence(e)),
    );
    const poll = setInterval(() => {
      if (engine.state === 'joined')
        engine.getStats().then(setStats, () => undefined);
    }, 2000);
    return () => {
      clearInterval(poll);
      for (const off of offs) off();
      void engine.close();
      if (engineRef.current === engine) engineRef.current = null;
    };
  }, [key, live]);

  const engine = engineRef.current;
  const toggleMic = useCallback(() => {
    const e = engineRef.current;
    if (!e) return;
    e.setMicrophoneMuted(!e.muted.audio);
    force((n) => n + 1);
  }, []);
  const toggleCamera = useCallback(() => {
    const e = engineRef.current;
    if (!e) return;
    e.setCameraOff(!e.muted.video);
    force((n) => n + 1);
  }, []);
  const toggleAudioOnly = useCallback(() => {
    const e = engineRef.current;
    if (e)
      void e.setAudioOnly(!e.audioOnly).then(
        () => force((n) => n + 1),
        (err: unknown) => setError(sentence(err)),
      );
  }, []);
  const end = useCallback(async () => {
    try {
      await engineRef.current?.end();
    } catch (err) {
      setError(sentence(err));
    }
  }, []);
  const leave = useCallback(async () => {
    await engineRef.current?.leave();
  }, []);
  return {
    state,
    participants: engine?.participants ?? [],
    localStream: engine?.localStream ?? null,
    muted: engine?.muted ?? { audio: false, video: false },
    audioOnly: engine?.audioOnly ?? false,
    openedAt,
    stats,
    error,
    endedReason,
    toggleMic,
    toggleCamera,
    toggleAudioOnly,
    end,
    leave,
  };
}
