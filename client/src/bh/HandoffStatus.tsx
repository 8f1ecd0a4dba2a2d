import { useEffect, useRef, useState } from 'react';
import { episodesApi, type Handoff } from '../api/episodes-api';
import { useLiveEvent } from '../live/live-context';
import { Link, navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { Notice } from '../ui/Notice';

/**
 * Where a warm handoff stands, for the PCP with the patient in the room:
 * ringing, answered (join the call), or fallen back to a referral. The
 * pushes move it at once; polling until it ends covers a missed push.
 */
export function HandoffStatus({
  handoff,
  onChange,
  clinician: isClinician = false,
}: {
  handoff: Handoff;
  onChange: (h: Handoff) => void;
  /** The behavioral health clinician who answered, not the PCP. */
  clinician?: boolean;
}) {
  const [clinician, setClinician] = useState<string | null>(null);
  // The parent's callback may change every render; the poll must not.
  const changed = useRef(onChange);
  changed.current = onChange;
  const { consultId, state } = handoff;
  const refresh = () =>
    episodesApi.handoff(consultId).then(
      (h) => changed.current(h),
      () => {},
    );
  useLiveEvent('handoff:answered', (p) => {
    if (p.consultId !== consultId) return;
    setClinician(p.clinicianName);
    void refresh();
  });
  useLiveEvent('handoff:fell_back', (p) => {
    if (p.consultId === consultId) void refresh();
  });
  useEffect(() => {
    // Until it ended or fell back: the call's end is stamped a moment
    // after the page that ended it moves on.
    if (state === 'ended' || state === 'fell_back') return;
    const t = setInterval(
      () =>
        episodesApi.handoff(consultId).then(
          (h) => changed.current(h),
          () => {},
        ),
      1500,
    );
    return () => clearInterval(t);
  }, [consultId, state]);
  const due = new Date(handoff.dueAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  if (state === 'ringing')
    return (
      <Notice live>
        Ringing behavioral health clinicians… If nobody answers by {due}, a
        scheduled referral is made with the next opening.
      </Notice>
    );
  if (isClinician && (state === 'answered' || state === 'in_call'))
    return (
      <div className="button-row">
        <Button
          variant="accept"
          size="large"
          onClick={() => navigate(`/consults/${consultId}/call`)}
        >
          {state === 'answered' ? 'Start the call' : 'Rejoin the call'}
        </Button>
      </div>
    );
  if (state === 'answered' || state === 'in_call')
    return (
      <Notice tone="success" live>
        {clinician ?? 'A behavioral health clinician'} answered in{' '}
        {handoff.secondsToAnswer} s.{' '}
        <Link to={`/consults/${consultId}/call`}>
          Join the call with the patient
        </Link>
      </Notice>
    );
  if (state === 'fell_back')
    return (
      <Notice tone="warning" live>
        Nobody answered in time: a scheduled referral was made with the next
        opening.{' '}
        {handoff.episodeId ? (
          <Link to={`/episodes/${handoff.episodeId}`}>See the referral</Link>
        ) : null}
      </Notice>
    );
  return (
    <Notice>
      The handoff call has ended.{' '}
      {handoff.episodeId ? (
        <Link to={`/episodes/${handoff.episodeId}`}>
          {isClinician
            ? 'Open the episode: sessions and the report to the PCP'
            : 'See the episode'}
        </Link>
      ) : null}
    </Notice>
  );
}
