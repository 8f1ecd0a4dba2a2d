import { useId } from 'react';
import { t, type Lang, type Phrase } from './i18n';

const MONTHS: Record<Lang, string[]> = {
  en: 'January February March April May June July August September October November December'.split(
    ' ',
  ),
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre'.split(
    ' ',
  ),
};

/** The parts of a YYYY-MM-DD value (any part may still be empty). */
export function birthDateParts(v: string): {
  year: string;
  month: string;
  day: string;
} {
  const [year = '', month = '', day = ''] = v.split('-');
  return { year, month, day };
}

/** YYYY-MM-DD from the three fields: what the server checks. */
export function joinBirthDate(p: {
  year: string;
  month: string;
  day: string;
}): string {
  return `${p.year}-${p.month}-${p.day.padStart(p.day ? 2 : 0, '0')}`;
}

/**
 * Date of birth as three labelled fields in the page's language (a
 * browser's date picker shows mm/dd/yyyy whatever the page says): day,
 * month by name and year, in the order the language writes them.
 */
export function BirthDateFields({
  lang,
  legend,
  value,
  onChange,
}: {
  lang: Lang;
  legend: Phrase;
  value: string;
  onChange(v: string): void;
}) {
  const id = useId();
  const p = birthDateParts(value);
  const set = (k: 'year' | 'month' | 'day') => (v: string) =>
    onChange(joinBirthDate({ ...p, [k]: v }));
  const day = (
    <div key="d" className="birth-date-part">
      <label htmlFor={`${id}-d`}>{t(lang, 'dob_day')}</label>
      <input
        id={`${id}-d`}
        inputMode="numeric"
        autoComplete="bday-day"
        maxLength={2}
        required
        value={p.day}
        onChange={(e) => set('day')(e.target.value.replace(/\D/g, ''))}
      />
    </div>
  );
  const month = (
    <div key="m" className="birth-date-part">
      <label htmlFor={`${id}-m`}>{t(lang, 'dob_month')}</label>
      <select
        id={`${id}-m`}
        autoComplete="bday-month"
        required
        value={p.month}
        onChange={(e) => set('month')(e.target.value)}
      >
        <option value="">–</option>
        {MONTHS[lang].map((m, i) => (
          <option key={m} value={String(i + 1).padStart(2, '0')}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="birth-date">
      <legend>{t(lang, legend)}</legend>
      <div className="birth-date-parts">
        {lang === 'en' ? [month, day] : [day, month]}
        <div className="birth-date-part">
          <label htmlFor={`${id}-y`}>{t(lang, 'dob_year')}</label>
          <input
            id={`${id}-y`}
            inputMode="numeric"
            autoComplete="bday-year"
            maxLength={4}
            required
            value={p.year}
            onChange={(e) => set('year')(e.target.value.replace(/\D/g, ''))}
          />
        </div>
      </div>
    </fieldset>
  );
}
