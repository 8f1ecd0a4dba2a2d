import { useState } from 'react';
import { registryApi } from '../api/registry-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

const MODES = [
  { value: 'phone', label: 'Phone' },
  { value: 'video', label: 'Video' },
  { value: 'in_person', label: 'In person' },
  { value: 'message', label: 'Message' },
];
const OUTCOMES = [
  { value: 'reached', label: 'Reached' },
  { value: 'left_message', label: 'Left message' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'rescheduled', label: 'Rescheduled' },
];

/** Log a care-manager contact: its minutes go to the month's ledger once. */
export function ContactForm({
  patientId,
  onLogged,
}: {
  patientId: string;
  onLogged(): void;
}) {
  const [mode, setMode] = useState('phone');
  const [outcome, setOutcome] = useState('reached');
  const [minutes, setMinutes] = useState('');
  const [next, setNext] = useState('');
  const save = useAction(async () => {
    const m = Number(minutes);
    await registryApi.logContact(patientId, {
      mode,
      outcome,
      minutes: m,
      // The contact just ended: it started that many minutes ago.
      startedAt: new Date(Date.now() - m * 60_000).toISOString(),
      ...(next ? { nextContactOn: next } : {}),
    });
    setMinutes('');
    onLogged();
  });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <SelectField
        label="Contact by"
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        options={MODES}
      />
      <SelectField
        label="Outcome"
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        options={OUTCOMES}
      />
      <TextField
        label="Contact minutes"
        type="number"
        min={1}
        max={240}
        required
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
      />
      <TextField
        label="Next contact"
        type="date"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <Button type="submit" disabled={save.busy}>
        Log contact
      </Button>
      <ErrorNotice error={save.error} />
    </form>
  );
}
