import { useState, type FormEvent } from 'react';
import { outcomesApi } from '../api/outcomes-api';
import { Button } from '../ui/Button';
import { ChoiceGroup, TextArea } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction, useAsync } from '../ui/use-async';

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** The optional question after a signed report: useful, and would you have referred out. */
export function ReportFeedback({ consultId }: { consultId: string }) {
  const stored = useAsync(() => outcomesApi.feedback(consultId), [consultId]);
  const [useful, setUseful] = useState<string[]>([]);
  const [referred, setReferred] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const send = useAction(async () => {
    const r = await outcomesApi.giveFeedback(consultId, {
      useful: useful[0] === 'yes',
      wouldHaveReferredOut: referred[0] ? referred[0] === 'yes' : null,
      comment,
    });
    stored.set(() => r);
  });
  if (stored.data?.feedback)
    return <Notice tone="success">Thank you for your feedback.</Notice>;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send.run();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Feedback on this report">
      <h3>Your feedback (optional)</h3>
      <ChoiceGroup
        legend="Was this consult useful?"
        type="radio"
        name="useful"
        options={YES_NO}
        value={useful}
        onChange={setUseful}
      />
      <ChoiceGroup
        legend="Would you have referred the patient out otherwise?"
        type="radio"
        name="referred-out"
        options={YES_NO}
        value={referred}
        onChange={setReferred}
      />
      <TextArea
        label="Comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <ErrorNotice error={send.error} />
      <Button
        type="submit"
        disabled={!useful.length}
        busy={send.busy}
        busyLabel="Sending…"
      >
        Send feedback
      </Button>
    </form>
  );
}
