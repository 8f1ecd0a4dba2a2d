import { useId, useRef } from 'react';
import { ATTACHMENT_ACCEPT, fileSize } from '../api/econsults-api';
import { Button } from '../ui/Button';

/** A key per chosen File (two may share a name): rows stay put on removal. */
const fileKeys = new WeakMap<File, number>();
let lastFileKey = 0;
function keyOf(f: File): number {
  let k = fileKeys.get(f);
  if (k === undefined) fileKeys.set(f, (k = ++lastFileKey));
  return k;
}

/** Choose up to `max` more files (PDF, PNG, JPEG); the chosen ones listed with a Remove button. */
export function FilePicker({
  files,
  onChange,
  max,
  label = 'Attach files (PDF, PNG or JPEG, 10 MB each)',
}: {
  files: File[];
  onChange(files: File[]): void;
  max: number;
  label?: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const room = max - files.length;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="hint" id={`${id}-hint`}>
        {room > 0
          ? `${room} more ${room === 1 ? 'file' : 'files'} can be added.`
          : 'No more files can be added: remove one to choose another.'}
      </div>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        disabled={room <= 0}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const chosen = [...(e.target.files ?? [])].slice(0, room);
          onChange([...files, ...chosen]);
          if (input.current) input.current.value = '';
        }}
      />
      {files.length ? (
        <ul className="file-list">
          {files.map((f, i) => (
            <li key={keyOf(f)}>
              {f.name} ({fileSize(f.size)}){' '}
              <Button
                variant="quiet"
                aria-label={`Remove ${f.name}`}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
