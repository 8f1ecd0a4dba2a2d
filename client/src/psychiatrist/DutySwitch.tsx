import { useState } from 'react';
import { psychiatristQueue, type Availability } from '../api/queue-api';
import { useLive, useLiveEvent } from '../live/live-context';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { useAction } from '../ui/use-async';
import { primeRingTone } from './ring-tone';

const SENTENCE: Record<Availability, string> = {
  available: 'You are on duty and will be offered consults.',
  busy: 'You are in a consult. New offers wait until you finish.',
  away: 'You are on duty but away: no offers until you are back.',
  offline: 'You are off duty.',
};

/** On duty in one click; "away" for a short break. Busy is set by the server during a consult. */
export function DutySwitch({
  availability,
  onChange,
}: {
  availability: Availability | null;
  onChange(a: Availability): void;
}) {
  const live = useLive();
  const queue = psychiatristQueue(live);
  const [pending, setPending] = useState<Availability | null>(null);
  const set = useAction(async (a: Exclude<Availability, 'busy'>) => {
    primeRingTone();
    setPending(a);
    try {
      const r = await queue.setAvailability(a);
      onChange(r.status);
    } finally {
      setPending(null);
    }
  });
  // The queue changes it too (busy in a consult, away after a missed offer, offline after a drop).
  useLiveEvent('queue:availability', (e) => onChange(e.status));
  const current = availability ?? 'offline';
  const onDuty = current !== 'offline';
  return (
    <Panel title="Duty">
      <div className="duty-switch">
        <StatusBadge status={current} />
        <span role="status" aria-live="polite">
          {SENTENCE[current]}
        </span>
      </div>
      <div className="button-row">
        {onDuty ? (
          <>
            {current === 'away' ? (
              <Button
                variant="accept"
                busy={pending === 'available'}
                onClick={() => void set.run('available')}
              >
                I'm back: available
              </Button>
            ) : current === 'available' ? (
              <Button
                busy={pending === 'away'}
                onClick={() => void set.run('away')}
              >
                Step away
              </Button>
            ) : null}
            <Button
              variant="quiet"
              busy={pending === 'offline'}
              onClick={() => void set.run('offline')}
            >
              Go off duty
            </Button>
          </>
        ) : (
          <Button
            variant="accept"
            size="large"
            busy={pending === 'available'}
            busyLabel="Going on duty…"
            onClick={() => void set.run('available')}
          >
            Go on duty
          </Button>
        )}
      </div>
      <ErrorNotice error={set.error} />
    </Panel>
  );
}
