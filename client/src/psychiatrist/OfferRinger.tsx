import { useEffect, useRef, useState } from 'react';
import type { OfferEvent } from '../../../signaling/protocol/queue-events';
import {
  requesterLine,
  screeningSummary,
  urgencyReasonText,
} from '../api/consult-context';
import { consultsApi, SPECIALTIES, type Consult } from '../api/consults-api';
import { psychiatristQueue, type Availability } from '../api/queue-api';
import { useLive, useLiveEvent, useOnConnect } from '../live/live-context';
import { navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { humanize, mmss } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction, useNow } from '../ui/use-async';
import { startRinging } from './ring-tone';

const WITHDRAWN: Record<string, string> = {
  timed_out: 'The offer rang out and went to the next psychiatrist.',
  declined: 'You declined the offer.',
  cancelled: 'The requesting clinician cancelled the request.',
  expired: 'The request expired.',
  psychiatrist_disconnected:
    'Your connection dropped, so the offer went to the next psychiatrist.',
  psychiatrist_unavailable:
    'You are not available, so the offer went to the next psychiatrist.',
};

type Ringing = OfferEvent & { deadline: number };

/**
 * Rings for the one live offer: sound, a pulsing card, a countdown, and
 * accept/decline in one click. It also restores the state after a reconnect
 * (queue:my-state), so a page reload mid-ring still shows the offer.
 */
export function OfferRinger({
  onAvailability,
}: {
  onAvailability(a: Availability): void;
}) {
  const live = useLive();
  const queue = psychiatristQueue(live);
  const [offer, setOffer] = useState<Ringing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useNow(250);
  const acceptRef = useRef<HTMLButtonElement>(null);

  const ring = (o: OfferEvent) => {
    // ringSeconds is relative to the push, so a wrong browser clock cannot shorten the countdown.
    setNotice(null);
    setOffer({ ...o, deadline: Date.now() + o.ringSeconds * 1000 });
  };
  useLiveEvent('queue:offer', ring);
  useLiveEvent('queue:offer-withdrawn', (p) => {
    setOffer((cur) => {
      if (!cur || p.offerId !== cur.offerId) return cur;
      if (p.reason !== 'declined')
        setNotice(WITHDRAWN[p.reason] ?? 'The offer was withdrawn.');
      return null;
    });
  });
  useOnConnect(() => {
    queue.myState().then(
      (s) => {
        onAvailability(s.status);
        if (s.offer)
          ring({
            ...s.offer,
            ringSeconds: Math.max(
              0,
              (Date.parse(s.offer.expiresAt) - Date.parse(s.offer.offeredAt)) /
                1000,
            ),
          });
      },
      () => undefined,
    );
  });

  const offerId = offer?.offerId;
  // The push carries no names or free text; the question and who asks are
  // read over REST, which the policy allows for a consult offered to you.
  const [context, setContext] = useState<Consult | null>(null);
  const ringingConsult = offer?.consultId;
  useEffect(() => {
    setContext(null);
    if (!ringingConsult) return;
    let live = true;
    consultsApi.context(ringingConsult).then(
      (c) => live && setContext(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [ringingConsult]);
  useEffect(() => {
    if (!offerId) return;
    const before = document.activeElement as HTMLElement | null;
    acceptRef.current?.focus();
    const stop = startRinging();
    return () => {
      stop();
      before?.focus?.();
    };
  }, [offerId]);

  const accept = useAction(async () => {
    if (!offer) return;
    const r = await queue.accept(offer.offerId);
    setOffer(null);
    navigate(`/consults/${r.consultId}`);
  });
  const decline = useAction(async () => {
    if (!offer) return;
    await queue.decline(offer.offerId);
    setOffer(null);
  });

  const left = offer ? Math.max(0, (offer.deadline - now) / 1000) : 0;
  useEffect(() => {
    if (offer && left <= 0 && !accept.busy) {
      setNotice(WITHDRAWN.timed_out!);
      setOffer(null);
    }
  }, [offer, left, accept.busy]);

  if (!offer)
    return notice ? (
      <div className="banner">
        <Notice tone="warning">{notice}</Notice>
      </div>
    ) : null;
  const s = offer.summary;
  // Keep Tab inside the dialog: it is modal while it rings.
  const trapTab = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const buttons = Array.from(
      (e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>(
        'button:not([disabled])',
      ),
    );
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };
  return (
    <div className="offer-overlay">
      <div
        className="offer-card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="offer-title"
        aria-describedby="offer-summary"
        onKeyDown={trapTab}
      >
        <h2 id="offer-title">
          {s.emergency
            ? 'Emergency consult request'
            : s.consultType === 'warm_handoff'
              ? 'Warm handoff request: the patient is with their PCP now'
              : s.urgency === 'urgent'
                ? 'Urgent consult request'
                : 'Incoming consult request'}
        </h2>
        <p
          className="countdown"
          role="timer"
          aria-label={`${Math.ceil(left)} seconds left to answer`}
        >
          {mmss(Math.ceil(left))}
        </p>
        {s.emergency ? (
          <Notice tone="danger">
            Emergency: the patient may be at risk of harm now.
          </Notice>
        ) : null}
        <dl className="facts" id="offer-summary">
          <dt>Question</dt>
          <dd className="offer-question">
            {context ? context.clinicalQuestion : 'Loading…'}
          </dd>
          {context && urgencyReasonText(context) ? (
            <>
              <dt>Why urgent</dt>
              <dd>{urgencyReasonText(context)}</dd>
            </>
          ) : null}
          {context && screeningSummary(context) ? (
            <>
              <dt>Screen</dt>
              <dd>{screeningSummary(context)}</dd>
            </>
          ) : null}
          <dt>Requested by</dt>
          <dd>{context ? requesterLine(context, context.people) : '…'}</dd>
          <dt>Patient</dt>
          <dd>
            Age {s.patientAgeYears}, {s.patientState}
          </dd>
          <dt>Type</dt>
          <dd>
            {humanize(s.consultType)} by{' '}
            {s.contactMode === 'phone' ? 'phone' : 'video'}
          </dd>
          <dt>Reasons</dt>
          <dd>{s.reasonCategories.map(humanize).join(', ')}</dd>
          {s.consultType === 'warm_handoff' ? null : (
            // The behavioral health line ignores specialty.
            <>
              <dt>Specialty</dt>
              <dd>
                {SPECIALTIES.find((x) => x.value === s.specialty)?.label ??
                  humanize(s.specialty)}
              </dd>
            </>
          )}
          <dt>Language</dt>
          <dd>{s.language.toUpperCase()}</dd>
          {offer.escalationLevel ? (
            <>
              <dt>Escalated</dt>
              <dd>Step {offer.escalationLevel}: the pool was widened</dd>
            </>
          ) : null}
        </dl>
        <ErrorNotice error={accept.error ?? decline.error} />
        <div className="button-row">
          <Button
            ref={acceptRef}
            variant="accept"
            size="large"
            busy={accept.busy}
            busyLabel="Accepting…"
            onClick={() => void accept.run()}
          >
            Accept
          </Button>
          <Button
            variant="secondary"
            size="large"
            busy={decline.busy}
            busyLabel="Declining…"
            onClick={() => void decline.run()}
          >
            Decline
          </Button>
        </div>
      </div>
    </div>
  );
}
