import { useEffect, useState, type FormEvent } from 'react';
import type { VisitorState } from '../../../signaling/protocol/visit-events';
import { FormError } from './FormError';
import { t, type Lang } from './i18n';
import { VisitApiError, visitApi, type ConsentText } from './visit-api';

/**
 * The consent texts exactly as the server serves them (version + hash are
 * sent back, so the record says which words were shown), each with its own
 * checkbox, and the signer's name. A minor's parent on the same phone signs
 * the guardian consent here too, but only when no guardian has a link of
 * their own (the server decides which texts to send); a guardian's consent
 * already given is said, not asked again.
 */
export function ConsentStep({
  lang,
  me,
  token,
  onDone,
}: {
  lang: Lang;
  me: VisitorState;
  token: string;
  onDone(s: VisitorState): void;
}) {
  const [texts, setTexts] = useState<ConsentText[] | null>(null);
  const [agreed, setAgreed] = useState<Record<string, boolean>>({});
  const [signer, setSigner] = useState('');
  const [relationship, setRelationship] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setTexts(null);
    visitApi.consentTexts(token, lang).then(
      (r) => live && setTexts(r.texts),
      () => live && setProblem(t(lang, 'error_generic')),
    );
    return () => {
      live = false;
    };
  }, [token, lang]);

  const needsGuardian = me.role === 'patient' && me.patientIsMinor;
  const chosen = (texts ?? []).filter((x) => agreed[x.kind]);
  const requiredDone = me.consentsNeeded.every((k) => agreed[k]);
  const guardianChosen = !!agreed.guardian_for_minor;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        language: lang,
        signerName: signer,
        ...(relationship ? { signerRelationship: relationship } : {}),
        consents: chosen.map((x) => ({
          kind: x.kind,
          version: x.version,
          sha256: x.sha256,
        })),
      };
      onDone(await visitApi.consent(token, body));
    } catch (err) {
      setProblem(
        err instanceof VisitApiError ? err.message : t(lang, 'error_generic'),
      );
    } finally {
      setBusy(false);
    }
  }

  if (!texts) return <p aria-busy="true">{problem ?? t(lang, 'working')}</p>;
  return (
    <form onSubmit={(e) => void submit(e)} className="visit-form">
      {me.role === 'patient' && me.guardianConsented ? (
        <p className="consent-given" role="status">
          {t(lang, 'guardian_already_consented')}
        </p>
      ) : null}
      {texts.map((x) => (
        <fieldset
          key={x.kind}
          className="consent"
          data-kind={x.kind}
          lang={x.language}
        >
          <legend>{x.title}</legend>
          <p>{x.body}</p>
          <label className="check">
            <input
              type="checkbox"
              checked={!!agreed[x.kind]}
              onChange={(e) =>
                setAgreed({ ...agreed, [x.kind]: e.target.checked })
              }
            />
            <span>{t(lang, 'consent_agree')}</span>
          </label>
        </fieldset>
      ))}
      <label>
        {t(lang, 'signer_name')}
        <input
          autoComplete="name"
          required
          value={signer}
          onChange={(e) => setSigner(e.target.value)}
        />
      </label>
      {needsGuardian && guardianChosen ? (
        <label>
          {t(lang, 'signer_relationship')}
          <input
            required
            value={relationship}
            onChange={(e) => setRelationship(e.target.value)}
          />
        </label>
      ) : null}
      <FormError text={problem} />
      <button
        type="submit"
        className="big primary"
        disabled={
          busy ||
          !requiredDone ||
          signer.trim().length < 2 ||
          (guardianChosen && needsGuardian && !relationship.trim())
        }
      >
        {busy ? t(lang, 'working') : t(lang, 'consent_submit')}
      </button>
    </form>
  );
}
