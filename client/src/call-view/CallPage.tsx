import { useEffect, useRef, useState } from 'react';
import { navigate } from '../shell/router';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { humanize, mmss } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useNow } from '../ui/use-async';
import { useCall } from './use-call';
import { useCallTarget } from './use-call-target';
import { VideoTile } from './VideoTile';
import { CallContextPane } from './CallContextPane';
import { LeaveCallDialog } from './LeaveCallDialog';
import { VisitPanel } from './VisitPanel';

const STATE_WORDS = {
  idle: 'Connecting…',
  joining: 'Joining the call…',
  joined: 'In the call',
  reconnecting: 'Reconnecting…',
  left: 'You left the call',
  ended: 'The call has ended',
} as const;

const ROLE_WORDS: Record<string, string> = {
  pcp: 'primary care',
  psychiatrist: 'psychiatrist',
  bh_clinician: 'behavioral health',
  care_manager: 'care manager',
  patient: 'patient',
  guardian: 'parent or guardian',
  interpreter: 'interpreter',
  coordinator: 'coordinator',
};

/** A name with its role, once: "Dr. Paula Chen (pediatrics)" already says it. */
export function tileLabel(name: string, role: string): string {
  if (/\)\s*$/.test(name)) return name;
  return `${name} (${ROLE_WORDS[role] ?? humanize(role)})`;
}

const ENDED_WORDS: Record<string, string> = {
  ended_by_clinician: 'The call was ended.',
  empty: 'Everyone left, so the call ended.',
  consult_closed: 'The consult was closed.',
  replaced:
    'You joined this call from another tab or device, so this one was closed.',
  removed: 'You were removed from the call.',
};

/** The consult call: video tiles, mute/camera/audio-only/end, and the waiting room for invited family. */
export function CallPage({
  consultId,
  careContact,
}: {
  consultId: string;
  /** A care manager's video contact: no consult pane; back to the patient. */
  careContact?: { backTo: string };
}) {
  const user = useUser();
  const { target, visit, setVisit, refresh } = useCallTarget(consultId);
  const call = useCall(target);
  const now = useNow(1000);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const present = call.participants.filter((p) => p.info.state !== 'left');

  // Someone left the consult call: the other clinician may have moved it to the visit call.
  const names = present.map((p) => p.info.participantId).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies(names): the trigger
  useEffect(() => {
    if (!visit) refresh();
  }, [names, visit, refresh]);

  const over = call.state === 'ended' || call.endedReason !== null;
  const elapsed =
    call.openedAt && call.state === 'joined'
      ? (now - Date.parse(call.openedAt)) / 1000
      : null;
  const statsFor = (id: string) =>
    call.stats.find((s) => s.participantId === id);
  const back = careContact?.backTo ?? `/consults/${consultId}`;
  // Leaving is asked first: the family sees the video vanish otherwise.
  const [leaving, setLeaving] = useState(false);
  const inCall = call.state === 'joined' || call.state === 'reconnecting';
  useEffect(() => {
    if (!inCall) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [inCall]);
  const leave = () => void call.leave().then(() => navigate(back));

  if (over) {
    return (
      <section aria-labelledby="call-title">
        <h1 id="call-title">Call ended</h1>
        <Notice tone="info" live>
          {ENDED_WORDS[call.endedReason ?? 'ended_by_clinician'] ??
            'The call has ended.'}
          {careContact
            ? ' The minutes you were both connected are logged as the contact.'
            : null}
        </Notice>
        <div className="button-row">
          <Button variant="primary" onClick={() => navigate(back)}>
            {careContact
              ? 'Back to the patient'
              : user.role === 'psychiatrist'
                ? 'Write the report'
                : 'Back to the consult'}
          </Button>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="call-title">
      <p className="no-print">
        <Button variant="quiet" onClick={() => setLeaving(true)}>
          {careContact
            ? '← Leave for the patient page'
            : '← Leave for the consult page'}
        </Button>
      </p>
      {leaving ? (
        <LeaveCallDialog onLeave={leave} onStay={() => setLeaving(false)} />
      ) : null}
      <h1 id="call-title">
        {careContact ? 'Video contact' : visit ? 'Visit call' : 'Consult call'}
      </h1>
      <p
        ref={statusRef}
        role="status"
        aria-live="polite"
        className="call-status"
        data-call-state={call.state}
      >
        {STATE_WORDS[call.state]}
        {elapsed !== null ? ` · ${mmss(elapsed)}` : ''}
        {call.state === 'joined' && !present.length
          ? ' · waiting for the others to join'
          : ''}
      </p>
      <ErrorNotice error={call.error ? true : undefined}>
        {call.error}
      </ErrorNotice>
      <div className="grid-2-1">
        <div>
          <div className="call-stage">
            <VideoTile
              stream={call.localStream}
              // "Rosa Alvarez, LICSW (behavioral health)" already ends in
              // parentheses: no second pair around it.
              label={
                /\)\s*$/.test(user.displayName)
                  ? `You: ${user.displayName}`
                  : `You (${user.displayName})`
              }
              local
              audioMuted={call.muted.audio}
              videoOff={call.muted.video || call.audioOnly}
            />
            {present.map((p) => (
              <VideoTile
                key={p.info.participantId}
                participantId={p.info.participantId}
                stream={p.stream}
                label={tileLabel(p.info.displayName, p.info.role)}
                audioMuted={p.info.audioMuted}
                videoOff={p.info.videoMuted}
                note={p.info.state === 'reconnecting' ? 'reconnecting…' : null}
                stats={statsFor(p.info.participantId)}
              />
            ))}
          </div>
          <div
            className="call-controls"
            role="toolbar"
            aria-label="Call controls"
          >
            <Button aria-pressed={call.muted.audio} onClick={call.toggleMic}>
              {call.muted.audio ? 'Unmute' : 'Mute'}
            </Button>
            <Button
              aria-pressed={call.muted.video}
              onClick={call.toggleCamera}
              disabled={call.audioOnly}
            >
              {call.muted.video ? 'Turn camera on' : 'Turn camera off'}
            </Button>
            <Button
              aria-pressed={call.audioOnly}
              onClick={call.toggleAudioOnly}
            >
              {call.audioOnly ? 'Back to video' : 'Audio only'}
            </Button>
            <Button variant="danger" onClick={() => void call.end()}>
              End call for everyone
            </Button>
            <Button variant="quiet" onClick={() => setLeaving(true)}>
              Leave
            </Button>
          </div>
        </div>
        <div>
          {careContact ? null : (
            <CallContextPane
              consultId={consultId}
              elapsedSeconds={elapsed}
              canWriteReport={user.role === 'psychiatrist'}
            />
          )}
          <VisitPanel consultId={consultId} visit={visit} onVisit={setVisit} />
        </div>
      </div>
    </section>
  );
}
