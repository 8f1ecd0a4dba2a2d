import type { InstrumentSummary } from '../api/screening-api';
import { SelectField } from '../ui/Field';

/** An answer: the chosen option's position, or null (blank). */
export type ItemAnswer = number | null;

/**
 * One select per item of an instrument, by its clinician label (never the
 * published wording): what a clinician answers from a paper form or an
 * interview. Shared by the screening entry form and a BH session's note;
 * the server scores the answers either way.
 */
export function ScreeningItemFields({
  instrument,
  answers,
  onChange,
}: {
  instrument: InstrumentSummary;
  answers: readonly ItemAnswer[];
  onChange(next: ItemAnswer[]): void;
}) {
  return (
    <div className="item-grid">
      {instrument.items.map((item, i) => (
        <SelectField
          key={`${instrument.id}-${item.label}`}
          label={item.label}
          value={answers[i] ?? ''}
          onChange={(e) => {
            const next = [...answers];
            next[i] = e.target.value === '' ? null : Number(e.target.value);
            onChange(next);
          }}
          options={[
            { value: '', label: item.optional ? '(optional)' : '—' },
            ...Array.from({ length: item.optionCount }, (_, n) => ({
              value: String(n),
              label:
                item.optionCount === 2
                  ? n === 0
                    ? 'No'
                    : 'Yes'
                  : `Option ${n + 1} (${n})`,
            })),
          ]}
        />
      ))}
    </div>
  );
}
