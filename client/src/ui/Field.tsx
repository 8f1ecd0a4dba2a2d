import { useId, type ComponentProps, type ReactNode } from 'react';

interface FieldFrame {
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}

/** Label, hint and error wired to the control with ids, so screen readers announce all three. */
function Frame({
  id,
  label,
  hint,
  error,
  required,
  children,
}: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, f: FieldFrame) =>
  [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

export function TextField({
  label,
  hint,
  error,
  required,
  id: given,
  ...rest
}: FieldFrame & ComponentProps<'input'>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        {...rest}
      />
    </Frame>
  );
}

export function TextArea({
  label,
  hint,
  error,
  required,
  id: given,
  ...rest
}: FieldFrame & ComponentProps<'textarea'>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        {...rest}
      />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  hint,
  error,
  required,
  options,
  id: given,
  ...rest
}: FieldFrame & ComponentProps<'select'> & { options: readonly Option[] }) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <Frame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A group of checkboxes or radios in a fieldset with a legend (one tab stop per choice). */
export function ChoiceGroup({
  legend,
  type,
  name,
  options,
  value,
  onChange,
  error,
  hint,
}: {
  legend: string;
  type: 'checkbox' | 'radio';
  name: string;
  options: readonly Option[];
  value: readonly string[];
  onChange(next: string[]): void;
  error?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <fieldset
      className={`choices${error ? ' field-invalid' : ''}`}
      aria-describedby={
        [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <legend>{legend}</legend>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <div className="choice-row">
        {options.map((o) => (
          <label key={o.value} className="choice">
            <input
              type={type}
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              onChange={(e) => {
                if (type === 'radio') onChange([o.value]);
                else
                  onChange(
                    e.target.checked
                      ? [...value, o.value]
                      : value.filter((v) => v !== o.value),
                  );
              }}
            />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(v: boolean): void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}
