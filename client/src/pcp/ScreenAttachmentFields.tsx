import { useId } from 'react';
import { PHQ9 } from '../../../server/screening/phq9';
import { PHQA } from '../../../server/screening/phqa';
import type { ScreenAttachment } from '../api/consults-api';

const INSTRUMENTS = [
  { value: '', label: 'No screen attached' },
  { value: 'phq9', label: 'PHQ-9' },
  { value: 'phqa', label: 'PHQ-A (adolescent)' },
] as const;

const ANSWERS = [
  '0 – Not at all',
  '1 – Several days',
  '2 – More than half the days',
  '3 – Nearly every day',
];

/**
 * Each item by its text where the wording is verified (server/screening:
 * the PHQ-9's published English), else by the topic the instrument file
 * gives (the PHQ-A's adapted wording is not carried there).
 */
export function itemLabel(instrument: string, i: number): string {
  const item = (instrument === 'phq9' ? PHQ9 : PHQA).items[i];
  if (!item) return `Item ${i + 1}`;
  return item.text?.en ? `${i + 1}. ${item.text.en}` : item.clinicianLabel;
}

/** Attach a PHQ-9 / PHQ-A by item scores; item 9 (self-harm) is what the server's safety rule reads. */
export function ScreenAttachmentFields({
  value,
  onChange,
}: {
  value: ScreenAttachment | null;
  onChange(v: ScreenAttachment | null): void;
}) {
  const id = useId();
  const total = value ? value.items.reduce((a, b) => a + b, 0) : 0;
  return (
    <fieldset className="choices">
      <legend>Attach a screen (optional)</legend>
      <div className="field">
        <label htmlFor={`${id}-instrument`}>Screening instrument</label>
        <select
          id={`${id}-instrument`}
          value={value?.instrument ?? ''}
          onChange={(e) =>
            onChange(
              e.target.value
                ? {
                    instrument: e.target
                      .value as ScreenAttachment['instrument'],
                    items: value?.items ?? Array(9).fill(0),
                  }
                : null,
            )
          }
        >
          {INSTRUMENTS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {value ? (
        <>
          <div className="form-row">
            {value.items.map((a, i) => (
              <div className="field" key={i}>
                <label htmlFor={`${id}-q${i}`}>
                  {itemLabel(value.instrument, i)}
                </label>
                <select
                  id={`${id}-q${i}`}
                  value={a}
                  onChange={(e) =>
                    onChange({
                      ...value,
                      items: value.items.map((x, j) =>
                        j === i ? Number(e.target.value) : x,
                      ),
                    })
                  }
                >
                  {ANSWERS.map((label, n) => (
                    <option key={n} value={n}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <p className="muted">Total score: {total} of 27</p>
        </>
      ) : null}
    </fieldset>
  );
}
