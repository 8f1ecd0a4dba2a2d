import { useState } from 'react';
import { registryApi, type StartedVideoContact } from '../api/registry-api';
import { navigate } from '../shell/router';
import { Button } from '../ui/Button';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useAction } from '../ui/use-async';

/** Where a care manager's video contact call is shown. */
export const videoContactPath = (patientId: string, consultId: string) =>
  `/registry/patients/${patientId}/video/${consultId}`;

/**
 * Starts a video contact with the patient: a call on the call engine whose
 * minutes (both connected) become the contact when it ends, so nothing is
 * typed in twice. Shows the patient's one-time link to copy (the call's
 * waiting room also texts it, with consent) and joins the call.
 */
export function VideoContactStart({
  patientId,
  patientName,
}: {
  patientId: string;
  patientName: string;
}) {
  const [started, setStarted] = useState<StartedVideoContact | null>(null);
  const [copied, setCopied] = useState(false);
  const start = useAction(async () => {
    setStarted(
      await registryApi.startVideoContact(patientId, {
        role: 'patient',
        displayName: patientName,
      }),
    );
  });
  if (!started)
    return (
      <div className="button-row">
        <Button
          variant="primary"
          busy={start.busy}
          busyLabel="Starting…"
          onClick={() => void start.run()}
        >
          Start video contact
        </Button>
        <ErrorNotice error={start.error} />
      </div>
    );
  return (
    <Notice tone="success" live>
      Send {patientName} this one-time link:{' '}
      <code data-testid="video-contact-link">{started.url}</code>{' '}
      <Button
        variant="quiet"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(started.url)
            .then(() => setCopied(true))
        }
      >
        {copied ? 'Copied' : 'Copy link'}
      </Button>{' '}
      <Button
        variant="primary"
        onClick={() => navigate(videoContactPath(patientId, started.consultId))}
      >
        Join the call
      </Button>
      <br />
      The minutes you are both connected are logged as this contact when the
      call ends.
    </Notice>
  );
}
