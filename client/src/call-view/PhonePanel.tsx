import { useState, type FormEvent } from 'react';
import { visitsApi, type VisitView } from '../api/visits-api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { visitCodeLabel } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction } from '../ui/use-async';
import { phoneLines } from './phone-lines';

/**
 * The visit by phone, for a family whose video will not connect: the code
 * they type after dialling in, who is on hold, and one button to ring the
 * clinician's own phone into the conference (or an invitee's number on file).
 */
export function PhonePanel({ visit }: { visit: VisitView }) {
  const [phone, setPhone] = useState('');
  const lines = phoneLines(visit.phoneLegs);
  const dial = useAction(
    (target: { participantId: string } | { phone: string }) =>
      visitsApi.dialOut(visit.id, target),
  );
  const callMe = (e: FormEvent) => {
    e.preventDefault();
    void dial.run({ phone: phone.trim() });
  };
  const withPhone = visit.participants.filter(
    (p) => p.hasPhone && p.state !== 'removed',
  );
  return (
    <section aria-labelledby="phone-title" className="phone-panel">
      <h3 id="phone-title">Phone</h3>
      {visit.dialInNumber ? (
        <p>
          Callers dial{' '}
          <strong data-testid="dial-in-number">{visit.dialInNumber}</strong> and
          enter code{' '}
          <strong data-testid="visit-code">
            {visitCodeLabel(visit.phoneCode)}
          </strong>
          .
        </p>
      ) : (
        <p data-testid="phone-unavailable">
          Phone is not set up for this program: nobody can dial in and the
          buttons to ring a phone are off. Use video, or call the family from
          your own phone.
        </p>
      )}
      {lines.callersOnHold ? (
        <Notice tone="warning" live>
          {lines.callersOnHold === 1
            ? 'A caller is'
            : `${lines.callersOnHold} callers are`}{' '}
          on hold in this visit. Join them from your phone.
        </Notice>
      ) : null}
      {lines.clinicianPhoneUp ? (
        <Notice tone="success">Your phone is in the visit’s phone call.</Notice>
      ) : null}
      <form
        onSubmit={callMe}
        aria-label="Call my phone into the visit"
        className="form-row"
      >
        <TextField
          label="Your phone"
          hint="In international form, such as +15555550100"
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          autoComplete="tel"
          required
        />
        <Button
          type="submit"
          variant="primary"
          disabled={!phone.trim() || !visit.dialInNumber}
          busy={dial.busy}
          busyLabel="Calling…"
        >
          Call my phone
        </Button>
      </form>
      {withPhone.length ? (
        <ul className="plain" aria-label="Call an invitee">
          {withPhone.map((p) => (
            <li key={p.participantId}>
              <Button
                onClick={() =>
                  void dial.run({ participantId: p.participantId })
                }
                disabled={!visit.dialInNumber}
                busy={dial.busy}
                aria-label={`Call ${p.displayName}`}
              >
                {lines.ringing.has(p.participantId)
                  ? `Calling ${p.displayName}…`
                  : `Call ${p.displayName}`}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={dial.error} />
    </section>
  );
}
