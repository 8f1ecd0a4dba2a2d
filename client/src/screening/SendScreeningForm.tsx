import { type FormEvent, useState } from 'react';
import {
  type InstrumentSummary,
  type ScreeningLink,
  screeningApi,
} from '../api/screening-api';
import { Button } from '../ui/Button';
import { Checkbox, SelectField, TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';

/**
 * Send a screening to the patient or guardian: a QR code for the clinic's
 * tablet, or a text once they agreed to texts. Only instruments with
 * verified patient wording are offered, each in the languages it carries;
 * the others are named, so the clinician knows to enter them from paper.
 */
export function SendScreeningForm({
  patientId,
  instruments,
}: {
  patientId: string;
  instruments: readonly InstrumentSummary[];
}) {
  const offered = instruments.filter((i) => i.selfReport.allowed);
  const paperOnly = instruments.filter((i) => !i.selfReport.allowed);
  const [instrumentId, setInstrumentId] = useState(offered[0]?.id ?? '');
  const instrument = offered.find((i) => i.id === instrumentId);
  const [chosenLanguage, setLanguage] = useState<'en' | 'es'>('en');
  const languages = instrument?.selfReport.languages ?? ['en'];
  // Spanish chosen for one instrument must not ride along, unseen, to one
  // that has no verified Spanish form (the server would refuse the link).
  const language = languages.includes(chosenLanguage)
    ? chosenLanguage
    : (languages[0] ?? 'en');
  const [delivery, setDelivery] = useState<'qr' | 'sms'>('qr');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [link, setLink] = useState<ScreeningLink | null>(null);
  if (!offered.length) return null;
  const respondent: 'patient' | 'guardian' = instrument?.respondents.includes(
    'patient',
  )
    ? 'patient'
    : 'guardian';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const common = { instrument: instrumentId, respondent, language };
      setLink(
        await screeningApi.sendLink(
          patientId,
          delivery === 'qr'
            ? { ...common, delivery: 'qr' }
            : {
                ...common,
                delivery: 'sms',
                phone,
                smsConsent: consent as true,
              },
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Send a screening" noValidate>
      <div className="form-row">
        <SelectField
          label="Instrument"
          value={instrumentId}
          onChange={(e) => setInstrumentId(e.target.value)}
          options={offered.map((i) => ({ value: i.id, label: i.name }))}
        />
        <SelectField
          label="Language"
          value={language}
          onChange={(e) => setLanguage(e.target.value as 'en' | 'es')}
          hint={
            languages.includes('es')
              ? 'Only languages whose published wording we checked.'
              : `${instrument?.name ?? 'This form'} has no verified Spanish wording yet.`
          }
          options={languages.map((l) => ({
            value: l,
            label: l === 'es' ? 'Spanish' : 'English',
          }))}
        />
        <SelectField
          label="How"
          value={delivery}
          onChange={(e) => setDelivery(e.target.value as 'qr' | 'sms')}
          options={[
            { value: 'qr', label: 'QR code on this screen' },
            { value: 'sms', label: 'Text message' },
          ]}
        />
      </div>
      {paperOnly.length ? (
        <p className="muted" data-testid="paper-only">
          Entered by a clinician from the paper form, not sent by link (their
          wording or terms do not allow it):{' '}
          {paperOnly.map((i) => i.name).join(', ')}.
        </p>
      ) : null}
      {delivery === 'sms' ? (
        <>
          <TextField
            label="Mobile number"
            type="tel"
            hint="With country code, such as +16175550100"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
          <Checkbox
            label="They agreed to receive texts from us"
            checked={consent}
            onChange={setConsent}
          />
        </>
      ) : null}
      <ErrorNotice error={error} />
      <div className="button-row">
        <Button type="submit" busy={busy}>
          {delivery === 'qr' ? 'Show QR code' : 'Send text'}
        </Button>
      </div>
      {link ? (
        <div className="qr-result" aria-live="polite">
          {link.qrSvg ? (
            <img
              className="qr"
              alt="QR code of the questionnaire link: scan it with the phone camera"
              src={`data:image/svg+xml;utf8,${encodeURIComponent(link.qrSvg)}`}
            />
          ) : (
            <p>Text sent.</p>
          )}
          <p className="muted">
            Works once, until {new Date(link.expiresAt).toLocaleString()}.
          </p>
        </div>
      ) : null}
    </form>
  );
}
