import { useEffect, useRef } from 'react';
import { Button } from '../ui/Button';

/** "Leave the call?" before the video goes: the others see you vanish. */
export function LeaveCallDialog({
  onLeave,
  onStay,
}: {
  onLeave(): void;
  onStay(): void;
}) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div
      className="notice notice-warning leave-dialog"
      role="alertdialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onKeyDown={(e) => e.key === 'Escape' && onStay()}
    >
      <h2 id="leave-title">Leave the call?</h2>
      <p id="leave-text">
        The others stay in the call and see you go. You can rejoin from the
        consult page while the call is open.
      </p>
      <div className="button-row">
        <Button ref={stay} variant="primary" onClick={onStay}>
          Stay in the call
        </Button>
        <Button variant="danger" onClick={onLeave}>
          Leave the call
        </Button>
      </div>
    </div>
  );
}
