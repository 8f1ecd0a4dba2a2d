import { useCallback, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error';
import { econsultsApi } from '../api/econsults-api';
import { useLiveEvent, useOnConnect } from '../live/live-context';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/Field';
import { dateTime } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';
import { THREAD_READ } from './UnreadBadge';

/**
 * The clarification thread: the psychiatrist asks, the PCP answers. Kept
 * current by the `econsult:message` push (ids only; the text is read over
 * REST, which marks it read and is audited).
 */
export function ThreadPanel({
  consultId,
  canWrite,
  side,
  onPosted,
}: {
  consultId: string;
  canWrite: boolean;
  side: 'pcp' | 'psychiatrist';
  /** The consult's status moves with a question or an answer. */
  onPosted?(): void;
}) {
  const me = useUser();
  const thread = useAsync(async () => {
    const messages = await econsultsApi.messages(consultId);
    // Reading marked them read: the top bar's badge counts again.
    window.dispatchEvent(new Event(THREAD_READ));
    return messages;
  }, [consultId]);
  const [text, setText] = useState('');
  const [arrived, setArrived] = useState(false);
  const reload = thread.reload;
  useLiveEvent('econsult:message', (p) => {
    if (p.consultId !== consultId) return;
    setArrived(true);
    reload();
    onPosted?.();
  });
  useOnConnect(useCallback(() => reload(), [reload]));
  const send = useAction(async (body: string) => {
    await econsultsApi.post(consultId, body);
    setText('');
    setArrived(false);
    reload();
    onPosted?.();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) void send.run(text);
  };
  const err = send.error instanceof ApiError ? send.error : undefined;
  const messages = thread.data ?? [];
  const lastFromOther = [...messages]
    .reverse()
    .find((m) => m.authorId !== me.id);
  const waitingOnMe =
    side === 'pcp' &&
    lastFromOther?.kind === 'question' &&
    messages[messages.length - 1]?.authorId !== me.id;
  return (
    <Panel
      title={
        side === 'pcp'
          ? "Psychiatrist's questions"
          : 'Questions to the requesting clinician'
      }
    >
      <ErrorNotice error={thread.error} />
      {arrived && canWrite ? (
        <Notice live>A new message arrived.</Notice>
      ) : null}
      {waitingOnMe ? (
        <Notice tone="warning">
          The psychiatrist is waiting on your answer before writing the reply.
        </Notice>
      ) : null}
      {messages.length ? (
        <ol className="thread">
          {messages.map((m) => (
            <li
              key={m.id}
              className={m.authorId === me.id ? 'thread-mine' : 'thread-theirs'}
            >
              <div className="thread-meta">
                <strong>{m.authorId === me.id ? 'You' : m.authorName}</strong>{' '}
                {m.kind === 'question' ? 'asked' : 'answered'},{' '}
                {dateTime(m.createdAt)}
              </div>
              <p style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
            </li>
          ))}
        </ol>
      ) : thread.loading ? null : (
        <Empty>No messages yet.</Empty>
      )}
      {canWrite ? (
        <form onSubmit={onSubmit} aria-label="Write a message">
          <TextArea
            label={
              side === 'pcp'
                ? 'Your answer or a note to the psychiatrist'
                : 'Ask the requesting clinician'
            }
            hint={
              side === 'psychiatrist'
                ? 'The reply clock pauses until they answer.'
                : undefined
            }
            value={text}
            maxLength={4000}
            onChange={(e) => setText(e.target.value)}
            error={err?.fieldMessage('body')}
          />
          {err?.fieldMessage('body') ? null : (
            <ErrorNotice error={send.error} />
          )}
          <div className="button-row">
            <Button
              type="submit"
              variant="primary"
              busy={send.busy}
              busyLabel="Sending…"
              disabled={!text.trim()}
            >
              {side === 'pcp' ? 'Send answer' : 'Send question'}
            </Button>
          </div>
        </form>
      ) : null}
    </Panel>
  );
}
