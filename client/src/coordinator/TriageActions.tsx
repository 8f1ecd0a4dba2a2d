import { useState, type FormEvent } from 'react';
import { queueApi } from '../api/queue-api';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/Field';
import { ErrorNotice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

/** Forward to the psychiatrist line in one click, or resolve a resource request with what was given. */
export function TriageActions({
  consultId,
  onDone,
}: {
  consultId: string;
  onDone(): void;
}) {
  const [resolving, setResolving] = useState(false);
  const [resources, setResources] = useState('');
  const forward = useAction(async () => {
    await queueApi.forward(consultId);
    onDone();
  });
  const resolve = useAction(async () => {
    await queueApi.resolve(
      consultId,
      resources
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    onDone();
  });
  const onResolve = (e: FormEvent) => {
    e.preventDefault();
    void resolve.run();
  };
  return (
    <div>
      <div className="button-row">
        <Button
          variant="primary"
          busy={forward.busy}
          busyLabel="Forwarding…"
          onClick={() => void forward.run()}
        >
          Send to psychiatrist
        </Button>
        <Button
          onClick={() => setResolving((v) => !v)}
          aria-expanded={resolving}
        >
          Resolve with resources
        </Button>
      </div>
      {resolving ? (
        <form onSubmit={onResolve} aria-label="Resolve with resources">
          <TextArea
            label="Resources given (one per line)"
            value={resources}
            onChange={(e) => setResources(e.target.value)}
            required
          />
          <Button
            type="submit"
            variant="primary"
            busy={resolve.busy}
            busyLabel="Saving…"
          >
            Mark resolved
          </Button>
        </form>
      ) : null}
      <ErrorNotice error={forward.error ?? resolve.error} />
    </div>
  );
}
