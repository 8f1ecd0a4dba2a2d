import { type FormEvent, useState } from 'react';
import {
  type Assessment,
  type InstrumentSummary,
  screeningApi,
} from '../api/screening-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { type ItemAnswer, ScreeningItemFields } from './ScreeningItemFields';

type Respondent = InstrumentSummary['respondents'][number];
const RESPONDENT_LABEL: Record<Respondent, string> = {
  patient: 'The patient',
  guardian: 'A parent or guardian',
  clinician: 'Me, on their behalf (interview)',
};

/**
 * A clinician enters the answers from the paper form or an interview, item
 * by item (labels only, never the published wording); the server scores.
 */
export function AssessmentEntryForm({
  patientId,
  instruments,
  onSaved,
}: {
  patientId: string;
  instruments: readonly InstrumentSummary[];
  onSaved(a: Assessment): void;
}) {
  const [instrumentId, setInstrumentId] = useState(instruments[0]?.id ?? '');
  const instrument = instruments.find((i) => i.id === instrumentId);
  const [respondent, setRespondent] = useState<Respondent>('patient');
  const [answers, setAnswers] = useState<ItemAnswer[]>([]);
  const [override, setOverride] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Assessment | null>(null);

  const choose = (id: string) => {
    setInstrumentId(id);
    setAnswers([]);
    const next = instruments.find((i) => i.id === id);
    if (next && !next.respondents.includes(respondent))
      setRespondent(next.respondents[0]!);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!instrument) return;
    setBusy(true);
    setError(null);
    try {
      const a = await screeningApi.record(patientId, {
        instrument: instrument.id,
        items: instrument.items.map((_, i) => answers[i] ?? null),
        answeredBy: respondent,
        ...(override.trim()
          ? { clinicianOverride: { reason: override.trim() } }
          : {}),
      });
      setSaved(a);
      setAnswers([]);
      onSaved(a);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Enter a screening" noValidate>
      <div className="form-row">
        <SelectField
          label="Instrument"
          value={instrumentId}
          onChange={(e) => choose(e.target.value)}
          options={instruments.map((i) => ({ value: i.id, label: i.title }))}
        />
        <SelectField
          label="Answered by"
          value={respondent}
          onChange={(e) => setRespondent(e.target.value as Respondent)}
          options={(instrument?.respondents ?? []).map((r) => ({
            value: r,
            label: RESPONDENT_LABEL[r],
          }))}
        />
      </div>
      {instrument ? (
        <ScreeningItemFields
          instrument={instrument}
          answers={answers}
          onChange={setAnswers}
        />
      ) : null}
      <TextField
        label="Reason, if given outside its age range"
        hint={
          instrument?.ages
            ? `${instrument.name} is meant for ages ${instrument.ages.min}${instrument.ages.max === null ? '+' : `-${instrument.ages.max}`}.`
            : undefined
        }
        value={override}
        onChange={(e) => setOverride(e.target.value)}
      />
      <ErrorNotice error={error} />
      {saved ? (
        <Notice tone={saved.flags.length ? 'danger' : 'success'} live>
          Saved {saved.instrumentName}:{' '}
          {saved.status === 'scored'
            ? `${saved.total} of ${saved.maxTotal}, ${saved.band?.label}`
            : `not scored: ${saved.invalidReason}`}
          {saved.flags.length ? '. Safety item positive: alert opened.' : ''}
        </Notice>
      ) : null}
      <div className="button-row">
        <Button type="submit" variant="primary" busy={busy}>
          Save screening
        </Button>
      </div>
    </form>
  );
}
