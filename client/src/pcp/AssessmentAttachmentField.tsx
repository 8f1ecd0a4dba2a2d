import { useId } from 'react';
import { type Assessment, screeningApi } from '../api/screening-api';
import { useAsync } from '../ui/use-async';

/** How far back an assessment is "recent" enough to attach. */
const RECENT_DAYS = 90;

const dayOf = (iso: string) =>
  new Date(iso).toLocaleDateString([], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });

export const assessmentLabel = (a: Assessment) =>
  `${a.instrumentName}, ${dayOf(a.answeredAt)}: ` +
  (a.status === 'scored'
    ? `${a.total} of ${a.maxTotal} (${a.band?.label ?? ''})`
    : 'not scored (invalid)') +
  (a.flags.length ? ' · safety item positive' : '');

/**
 * Attach one of the patient's recent stored assessments (scored by the
 * server) to the request, instead of typing scores. Corrected versions are
 * left out: only the newest of a chain can be attached.
 */
export function AssessmentAttachmentField({
  patientId,
  value,
  onChange,
}: {
  patientId: string;
  value: Assessment | null;
  onChange(a: Assessment | null): void;
}) {
  const id = useId();
  const list = useAsync(() => screeningApi.assessments(patientId), [patientId]);
  const since = Date.now() - RECENT_DAYS * 86_400_000;
  const recent = (list.data ?? []).filter(
    (a) => !a.supersededBy && Date.parse(a.answeredAt) >= since,
  );
  return (
    <div className="field">
      <label htmlFor={`${id}-assessment`}>Attach a screening (optional)</label>
      <select
        id={`${id}-assessment`}
        value={value?.id ?? ''}
        onChange={(e) =>
          onChange(recent.find((a) => a.id === e.target.value) ?? null)
        }
        aria-describedby={`${id}-hint`}
      >
        <option value="">No screening attached</option>
        {recent.map((a) => (
          <option key={a.id} value={a.id}>
            {assessmentLabel(a)}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-hint`}>
        {list.loading
          ? 'Loading the patient’s screenings…'
          : recent.length
            ? `Screenings from the last ${RECENT_DAYS} days, scored by the server.`
            : `No screenings in the last ${RECENT_DAYS} days.`}
      </p>
    </div>
  );
}
