import { useState, type FormEvent } from 'react';
import type { VisitorState } from '../../../signaling/protocol/visit-events';
import { BirthDateFields } from './BirthDateFields';
import { FormError } from './FormError';
import { t, type Lang, type Phrase } from './i18n';
import { VisitApiError, visitApi } from './visit-api';

const RELATIONSHIPS = [
  'parent',
  'legal_guardian',
  'grandparent',
  'foster_parent',
  'other_relative',
  'other',
] as const;

/** Name and date of birth (patient), name + relationship + the child's birth date (guardian), or name (interpreter). */
export function IdentityStep({
  lang,
  role,
  token,
  onDone,
  onLocked,
}: {
  lang: Lang;
  role: VisitorState['role'];
  token: string;
  onDone(s: VisitorState): void;
  onLocked(): void;
}) {
  const [f, setF] = useState<Record<string, string>>({
    relationship: 'parent',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const claim =
      role === 'patient'
        ? {
            role,
            givenName: f.givenName ?? '',
            familyName: f.familyName ?? '',
            birthDate: f.birthDate ?? '',
          }
        : role === 'guardian'
          ? {
              role,
              name: f.name ?? '',
              relationship: f.relationship ?? 'parent',
              patientBirthDate: f.birthDate ?? '',
            }
          : { role, name: f.name ?? '' };
    try {
      onDone(await visitApi.identity(token, claim));
    } catch (err) {
      if (err instanceof VisitApiError && err.code === 'identity_check_locked')
        return onLocked();
      const left =
        err instanceof VisitApiError
          ? (err.details as { attemptsLeft?: number } | undefined)?.attemptsLeft
          : undefined;
      setProblem(
        err instanceof VisitApiError && err.code === 'identity_mismatch'
          ? `${t(lang, 'identity_mismatch')} ${left !== undefined ? t(lang, 'attempts_left', { n: left }) : ''}`
          : t(lang, 'error_generic'),
      );
    } finally {
      setBusy(false);
    }
  }

  const help: Phrase =
    role === 'patient'
      ? 'identity_patient_help'
      : role === 'guardian'
        ? 'identity_guardian_help'
        : 'identity_interpreter_help';
  return (
    <form onSubmit={(e) => void submit(e)} className="visit-form" noValidate>
      <p>{t(lang, help)}</p>
      {role === 'patient' ? (
        <>
          <label>
            {t(lang, 'given_name')}
            <input
              autoComplete="given-name"
              required
              value={f.givenName ?? ''}
              onChange={set('givenName')}
            />
          </label>
          <label>
            {t(lang, 'family_name')}
            <input
              autoComplete="family-name"
              required
              value={f.familyName ?? ''}
              onChange={set('familyName')}
            />
          </label>
        </>
      ) : (
        <label>
          {t(lang, 'your_name')}
          <input
            autoComplete="name"
            required
            value={f.name ?? ''}
            onChange={set('name')}
          />
        </label>
      )}
      {role === 'guardian' ? (
        <label>
          {t(lang, 'relationship')}
          <select value={f.relationship} onChange={set('relationship')}>
            {RELATIONSHIPS.map((r) => (
              <option key={r} value={r}>
                {t(lang, `rel_${r}` as Phrase)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {role !== 'interpreter' ? (
        <BirthDateFields
          lang={lang}
          legend={role === 'patient' ? 'birth_date' : 'patient_birth_date'}
          value={f.birthDate ?? ''}
          onChange={(v) => setF((cur) => ({ ...cur, birthDate: v }))}
        />
      ) : null}
      <FormError text={problem} />
      <button type="submit" className="big primary" disabled={busy}>
        {busy ? t(lang, 'working') : t(lang, 'continue')}
      </button>
    </form>
  );
}
