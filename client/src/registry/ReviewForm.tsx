import { useState } from 'react';
import { registryApi } from '../api/registry-api';
import { Button } from '../ui/Button';
import { SelectField, TextArea, TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

const RECOMMENDATIONS = [
  { value: 'continue', label: 'Continue' },
  { value: 'medication_change', label: 'Medication change' },
  { value: 'dose_change', label: 'Dose change' },
  { value: 'diagnosis_question', label: 'Diagnosis question' },
  { value: 'refer', label: 'Refer' },
];

/** The consultant's case-review recommendation; it becomes the PCP's task. */
export function ReviewForm({
  patientId,
  onSaved,
}: {
  patientId: string;
  onSaved(): void;
}) {
  const [recommendation, setRecommendation] = useState('continue');
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState('5');
  const save = useAction(async () => {
    await registryApi.review(patientId, {
      recommendation,
      note,
      minutes: Number(minutes),
    });
    setNote('');
    onSaved();
  });
  return (
    <form
      className="stack-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <SelectField
        label="Recommendation"
        value={recommendation}
        onChange={(e) => setRecommendation(e.target.value)}
        options={RECOMMENDATIONS}
      />
      <TextArea
        label="Note to the PCP"
        required
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <TextField
        label="Review minutes"
        type="number"
        min={1}
        max={120}
        required
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
      />
      <Button type="submit" disabled={save.busy}>
        Send recommendation
      </Button>
      <ErrorNotice error={save.error} />
    </form>
  );
}
