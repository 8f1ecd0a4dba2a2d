import { useEffect, useRef, useState } from 'react';
import type { SelfReportForm } from '../../../signaling/protocol/rest/self-report';
import { type Lang, pickLang, TEXTS } from './self-report-i18n';

type Answer = number | null;
type Step =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'missing' }
  | { kind: 'start'; resumable: boolean }
  | { kind: 'question'; index: number }
  | { kind: 'sending' }
  | { kind: 'done'; crisis: boolean };

/** The token rides in the fragment: never sent on a GET, never logged. */
const tokenFromUrl = () => window.location.hash.replace(/^#/, '');

/** Answers kept on this device until sent, so a closed tab resumes. Keyed
 * by a slice of the token only; cleared once the answers are sent. */
const draftKey = (token: string) => `self-report:${token.slice(0, 12)}`;
interface Draft {
  answers: Answer[];
  index: number;
}
const loadDraft = (token: string): Draft | null => {
  try {
    const raw = localStorage.getItem(draftKey(token));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
};

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw Object.assign(new Error('failed'), { status: res.status });
  return (await res.json()) as T;
}

export function SelfReportApp() {
  const token = useRef(tokenFromUrl()).current;
  const [lang, setLang] = useState<Lang>(pickLang());
  const [form, setForm] = useState<SelfReportForm | null>(null);
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const t = TEXTS[lang];

  useEffect(() => {
    if (!token) {
      setStep({ kind: 'missing' });
      return;
    }
    post<SelfReportForm>('/api/self-report/form', { token }).then(
      (f) => {
        setForm(f);
        setLang(f.language);
        document.documentElement.lang = f.language;
        const draft = loadDraft(token);
        setAnswers(draft?.answers ?? f.items.map(() => null));
        setStep({ kind: 'start', resumable: !!draft });
      },
      () => setStep({ kind: 'gone' }),
    );
  }, [token]);

  // Each new screen is announced: focus moves to its heading.
  const stepKey = step.kind === 'question' ? `q${step.index}` : step.kind;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per screen
  useEffect(() => {
    heading.current?.focus();
  }, [stepKey]);

  const save = (next: Answer[], index: number) => {
    setAnswers(next);
    try {
      localStorage.setItem(
        draftKey(token),
        JSON.stringify({ answers: next, index }),
      );
    } catch {
      // Private mode: answering still works, resuming does not.
    }
  };

  const send = async () => {
    setStep({ kind: 'sending' });
    setError(null);
    try {
      const r = await post<{ crisisResources: boolean }>(
        '/api/self-report/answers',
        { token, items: answers },
      );
      localStorage.removeItem(draftKey(token));
      setStep({ kind: 'done', crisis: r.crisisResources });
    } catch (err) {
      if ((err as { status?: number }).status === 410) {
        setStep({ kind: 'gone' });
        return;
      }
      setError(t.failed);
      setStep({ kind: 'question', index: answers.length - 1 });
    }
  };

  return (
    <div className="visit-page" data-step={step.kind}>
      <header className="visit-top">
        <span className="visit-brand">{t.brand}</span>
      </header>
      <main className="visit-main">
        {step.kind === 'loading' || step.kind === 'sending' ? (
          <p aria-live="polite">
            {step.kind === 'sending' ? t.sending : t.loading}
          </p>
        ) : null}
        {step.kind === 'missing' || step.kind === 'gone' ? (
          <section>
            <h1 ref={heading} tabIndex={-1}>
              {t.link_gone_title}
            </h1>
            <p>{step.kind === 'missing' ? t.link_missing : t.link_gone_body}</p>
          </section>
        ) : null}
        {step.kind === 'start' && form ? (
          <section>
            <h1 ref={heading} tabIndex={-1}>
              {form.title}
            </h1>
            <p>
              {form.respondent === 'guardian'
                ? t.start_intro_guardian
                : t.start_intro}
            </p>
            <button
              type="button"
              className="big primary"
              onClick={() =>
                setStep({
                  kind: 'question',
                  index: step.resumable
                    ? Math.min(
                        loadDraft(token)?.index ?? 0,
                        form.items.length - 1,
                      )
                    : 0,
                })
              }
            >
              {step.resumable ? t.resume : t.start}
            </button>
          </section>
        ) : null}
        {step.kind === 'question' && form ? (
          <Question
            key={step.index}
            form={form}
            index={step.index}
            value={answers[step.index] ?? null}
            lang={lang}
            headingRef={heading}
            error={error}
            onAnswer={(v) => {
              const next = answers.map((a, i) => (i === step.index ? v : a));
              save(next, step.index);
            }}
            onBack={() => setStep({ kind: 'question', index: step.index - 1 })}
            onNext={() => {
              if (step.index === form.items.length - 1) void send();
              else {
                save(answers, step.index + 1);
                setStep({ kind: 'question', index: step.index + 1 });
              }
            }}
          />
        ) : null}
        {step.kind === 'done' ? (
          <section>
            <h1 ref={heading} tabIndex={-1}>
              {t.thanks_title}
            </h1>
            <p>{t.thanks_body}</p>
            {step.crisis ? (
              <div className="sr-crisis" role="alert">
                <h2>{t.crisis_title}</h2>
                <p>{t.crisis_body}</p>
                <a href="tel:988">{t.crisis_988}</a>
                <a href="sms:988">{t.crisis_988_text}</a>
                <a href="tel:911">{t.crisis_911}</a>
              </div>
            ) : null}
          </section>
        ) : null}
      </main>
      <footer className="visit-foot">{t.footer}</footer>
    </div>
  );
}

function Question({
  form,
  index,
  value,
  lang,
  headingRef,
  error,
  onAnswer,
  onBack,
  onNext,
}: {
  form: SelfReportForm;
  index: number;
  value: Answer;
  lang: Lang;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  error: string | null;
  onAnswer(v: Answer): void;
  onBack(): void;
  onNext(): void;
}) {
  const t = TEXTS[lang];
  const item = form.items[index]!;
  const last = index === form.items.length - 1;
  const [hint, setHint] = useState(false);
  const next = () => {
    if (value === null && !item.optional) {
      setHint(true);
      return;
    }
    onNext();
  };
  return (
    <section>
      <h1 ref={headingRef} tabIndex={-1} className="sr-count">
        {t.progress(index + 1, form.items.length)}
      </h1>
      <progress
        className="sr-progress"
        max={form.items.length}
        value={index + 1}
        aria-hidden="true"
      />
      {form.stem && !item.optional ? (
        <p className="sr-stem">{form.stem}</p>
      ) : null}
      {!form.stem && form.respondent === 'guardian' ? (
        <p className="sr-stem">{t.about_child}</p>
      ) : null}
      <fieldset className="sr-question">
        <legend>{item.text}</legend>
        {item.options.map((label, position) => (
          <label className="sr-option" key={label}>
            <input
              type="radio"
              name={`q${index}`}
              checked={value === position}
              onChange={() => {
                setHint(false);
                onAnswer(position);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {hint ? (
        <p className="sr-hint" role="alert">
          {t.choose_one}
        </p>
      ) : null}
      {error ? (
        <p className="sr-hint" role="alert">
          {error}
        </p>
      ) : null}
      <div className="sr-nav">
        {index > 0 ? (
          <button type="button" onClick={onBack}>
            {t.back}
          </button>
        ) : null}
        <button type="button" className="primary" onClick={next}>
          {last ? t.send : t.next}
        </button>
      </div>
      {item.optional && value === null ? (
        <button type="button" className="big" onClick={onNext}>
          {last ? t.skip_send : t.skip}
        </button>
      ) : null}
    </section>
  );
}
