import { useState } from 'react';
import { registryApi } from '../api/registry-api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

/** The local calendar date, as a date input's `min` (YYYY-MM-DD). */
const today = () => {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};

/**
 * Sets the next contact date of a contact written without one: a video
 * contact's call logs the contact itself, with no date, so the care
 * manager sets it here afterwards (the server refuses a past date).
 */
export function NextContactField({
  contactId,
  onSaved,
}: {
  contactId: string;
  onSaved(): void;
}) {
  const [date, setDate] = useState('');
  const save = useAction(async () => {
    await registryApi.setNextContact(contactId, date);
    onSaved();
  });
  return (
    <form
      className="inline-form in-cell"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <TextField
        label="Next contact"
        type="date"
        required
        min={today()}
        value={date}
        onChange={(e) => setDate(e.target.value)}
      />
      <Button type="submit" busy={save.busy} busyLabel="Saving…">
        Save
      </Button>
      <ErrorNotice error={save.error} />
    </form>
  );
}
