import type { ReactNode } from 'react';
import { Button } from './Button';
import { ErrorNotice, Notice } from './Notice';

/**
 * The end of a settings form: the save's error as a sentence, a live
 * "saved" notice, and the submit button that shows it is busy.
 */
export function SaveFooter({
  save,
  saved,
  busyLabel = 'Saving…',
  after,
  children,
}: {
  save: { busy: boolean; error: unknown };
  /** The success sentence, or null before a save. */
  saved: ReactNode | null;
  busyLabel?: string;
  /** Buttons after the submit button (e.g. Cancel). */
  after?: ReactNode;
  /** The submit button's label. */
  children: ReactNode;
}) {
  return (
    <>
      <ErrorNotice error={save.error} />
      {saved ? (
        <Notice tone="success" live>
          {saved}
        </Notice>
      ) : null}
      <div className="button-row">
        <Button
          type="submit"
          variant="primary"
          busy={save.busy}
          busyLabel={busyLabel}
        >
          {children}
        </Button>
        {after}
      </div>
    </>
  );
}
