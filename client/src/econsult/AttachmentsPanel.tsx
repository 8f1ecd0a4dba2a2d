import { useEffect, useState } from 'react';
import { sentenceFor } from '../api/api-error';
import {
  type Attachment,
  econsultsApi,
  fileSize,
  MAX_ATTACHMENTS,
} from '../api/econsults-api';
import { Button } from '../ui/Button';
import { clockTime } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';
import { FilePicker } from './FilePicker';
import { takeUploads } from './pending-uploads';

interface UploadResult {
  name: string;
  error: string | null;
}

/**
 * The eConsult's files: each a download (never shown inside the app), and,
 * while the eConsult is open, more can be added. Files chosen in the request
 * form are uploaded here, each with the server's sentence if refused.
 */
export function AttachmentsPanel({
  consultId,
  canAdd,
}: {
  consultId: string;
  canAdd: boolean;
}) {
  const list = useAsync(() => econsultsApi.attachments(consultId), [consultId]);
  const [chosen, setChosen] = useState<File[]>([]);
  const [results, setResults] = useState<UploadResult[]>([]);
  const download = useAction((a: Attachment) => econsultsApi.download(a));
  const upload = useAction(async (files: File[]) => {
    const out: UploadResult[] = [];
    // One at a time: the server counts files under the consult's lock.
    for (const f of files) {
      try {
        await econsultsApi.upload(consultId, f);
        out.push({ name: f.name, error: null });
      } catch (e) {
        out.push({ name: f.name, error: sentenceFor(e) });
      }
    }
    setResults(out);
    list.reload();
  });
  const run = upload.run;
  useEffect(() => {
    const files = takeUploads(consultId);
    if (files.length) void run(files);
  }, [consultId, run]);
  const files = list.data ?? [];
  return (
    <Panel title={`Attachments (${files.length} of ${MAX_ATTACHMENTS})`}>
      <ErrorNotice error={list.error ?? download.error} />
      {files.length ? (
        <ul className="file-list">
          {files.map((a) => (
            <li key={a.id}>
              <Button
                variant="quiet"
                onClick={() => void download.run(a)}
                aria-label={`Download ${a.fileName}`}
              >
                {a.fileName}
              </Button>{' '}
              <span className="muted">
                {fileSize(a.sizeBytes)}, added {clockTime(a.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      ) : list.loading ? null : (
        <Empty>No files attached.</Empty>
      )}
      {upload.busy ? <Notice live>Uploading files…</Notice> : null}
      {results.map((r, i) =>
        r.error ? (
          // One upload's results, replaced whole, never reordered.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <ErrorNotice key={`${r.name}-${i}`}>
            {r.name} was not attached: {r.error}
          </ErrorNotice>
        ) : null,
      )}
      {canAdd && files.length < MAX_ATTACHMENTS ? (
        <>
          <FilePicker
            files={chosen}
            onChange={setChosen}
            max={MAX_ATTACHMENTS - files.length}
            label="Add files (PDF, PNG or JPEG, 10 MB each)"
          />
          {chosen.length ? (
            <Button
              variant="primary"
              busy={upload.busy}
              busyLabel="Uploading…"
              onClick={() => {
                const f = chosen;
                setChosen([]);
                void upload.run(f);
              }}
            >
              Upload {chosen.length === 1 ? 'file' : `${chosen.length} files`}
            </Button>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
}
