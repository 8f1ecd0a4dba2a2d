import { useState, type FormEvent } from 'react';
import { econsultsApi } from '../api/econsults-api';
import { displayNumber } from '../patient/DialIn';
import { Button } from '../ui/Button';
import { Checkbox, TextField } from '../ui/Field';
import { dateTime } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';

/** The words the clinician agrees to; the server sends exactly this kind of text. */
export const TEXT_CONSENT =
  'Text me at this number when a message about one of my eConsults arrives. ' +
  'The text names no patient and says nothing clinical: it only asks me to ' +
  'open the app. Message and data rates may apply. I can opt out here at any time.';

/** "(617) 555-0100", "617-555-0100" or "+1 617 555 0100" as E.164; else as typed. */
export function toE164(typed: string): string {
  const digits = typed.replace(/\D/g, '');
  if (typed.trim().startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return typed.trim();
}

/**
 * Opt in to a text when an eConsult message arrives (the in-app badge is
 * always on): the clinician's number and the consent wording, or opt out.
 */
export function TextAlertsPanel() {
  const choice = useAsync(() => econsultsApi.textChoice(), []);
  const [phone, setPhone] = useState('');
  const [agreed, setAgreed] = useState(false);
  const optIn = useAction(async () => {
    await econsultsApi.setTextChoice({ optIn: true, phone: toE164(phone) });
    setAgreed(false);
    choice.reload();
  });
  const optOut = useAction(async () => {
    await econsultsApi.setTextChoice({ optIn: false });
    choice.reload();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void optIn.run();
  };
  const c = choice.data;
  return (
    <Panel title="Text alerts for written questions" level={2}>
      <ErrorNotice error={choice.error ?? optIn.error ?? optOut.error} />
      {c?.optIn && c.phone ? (
        <>
          <Notice tone="success">
            Texts go to {displayNumber(c.phone)} (since {dateTime(c.optedInAt)}
            ). They name no patient.
          </Notice>
          <Button
            busy={optOut.busy}
            busyLabel="Stopping…"
            onClick={() => void optOut.run()}
          >
            Stop text alerts
          </Button>
        </>
      ) : c ? (
        <form onSubmit={onSubmit} aria-label="Text alerts">
          <p className="muted">
            New messages always show in the app. You may also get a text.
          </p>
          <TextField
            label="Mobile number"
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            hint="Such as (617) 555-0100"
            required
          />
          <Checkbox
            label={TEXT_CONSENT}
            checked={agreed}
            onChange={setAgreed}
          />
          <Button
            type="submit"
            variant="primary"
            busy={optIn.busy}
            busyLabel="Saving…"
            disabled={!agreed || phone.trim().length < 7}
          >
            Turn on text alerts
          </Button>
        </form>
      ) : (
        <p className="loading">Loading…</p>
      )}
    </Panel>
  );
}
