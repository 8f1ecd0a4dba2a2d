import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { VisitorState } from '../../../signaling/protocol/visit-events';
import { ConsentStep } from './ConsentStep';
import { DeviceCheck, type DeviceCheckResult } from './DeviceCheck';
import { IdentityStep } from './IdentityStep';
import { FormError } from './FormError';
import { DialIn } from './DialIn';
import { LocationQuestion } from './LocationQuestion';
import { InCall } from './InCall';
import { initialLang, t, type Lang, type Phrase } from './i18n';
import {
  forgetInviteToken,
  takeInviteToken,
  visitTokenStore,
} from './invite-link';
import { VisitApiError, visitApi } from './visit-api';
import { openVisitorSocket } from './visitor-socket';

type Step =
  | { kind: 'start' }
  | { kind: 'link_problem'; code: string; clinicPhone?: string }
  | { kind: 'device' }
  | { kind: 'identity' }
  | { kind: 'consent' }
  | { kind: 'waiting' }
  | { kind: 'in_call' }
  | { kind: 'over'; why: 'ended' | 'removed' | 'left' | 'session' };

const LINK_PROBLEMS: Record<string, [Phrase, Phrase]> = {
  invite_used: ['link_invite_used', 'link_invite_used_help'],
  invite_expired: ['link_invite_expired', 'link_invite_expired_help'],
  invite_revoked: ['link_invite_revoked', 'link_invite_revoked_help'],
  invite_invalid: ['link_invite_invalid', 'link_invite_invalid_help'],
  rate_limited: ['link_rate_limited', 'link_rate_limited_help'],
  visit_open_elsewhere: ['link_open_elsewhere', 'link_open_elsewhere_help'],
  missing: ['link_missing', 'link_missing_help'],
};

/**
 * The page a patient, parent or interpreter opens from their invite. Opening
 * it changes nothing (link scanners fetch it too); the tap on "Join" spends
 * the invite. Then: device check, identity, consent, waiting room, call.
 */
export function PatientVisitApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [me, setMe] = useState<VisitorState | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [device, setDevice] = useState<DeviceCheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const invite = useRef<string | null>(null);
  const socket = useRef<Socket | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
  }, [lang]);
  // Move focus to each new step's heading, so screen readers announce it.
  // biome-ignore lint/correctness/useExhaustiveDependencies(step.kind): above
  useEffect(() => heading.current?.focus(), [step.kind]);

  /** Where someone with this state goes next (after the device check). */
  const route = useCallback((s: VisitorState) => {
    setMe(s);
    if (s.visitStatus === 'ended' || s.visitStatus === 'cancelled')
      return setStep({ kind: 'over', why: 'ended' });
    if (s.state === 'removed') return setStep({ kind: 'over', why: 'removed' });
    if (s.state === 'admitted') return setStep({ kind: 'in_call' });
    if (s.state === 'waiting') return setStep({ kind: 'waiting' });
    if (!s.identityConfirmed) return setStep({ kind: 'identity' });
    if (s.consentsNeeded.length) return setStep({ kind: 'consent' });
    setStep({ kind: 'waiting' });
  }, []);

  useEffect(() => {
    invite.current = takeInviteToken();
    const saved = visitTokenStore.get();
    if (!saved) {
      if (!invite.current) setStep({ kind: 'link_problem', code: 'missing' });
      return;
    }
    // A reload in the middle: carry on with the visit token this tab already has.
    visitApi.me(saved).then(
      (s) => {
        setToken(saved);
        setLang(s.language);
        setMe(s);
        setStep(
          s.state === 'checking_in' ? { kind: 'device' } : { kind: 'start' },
        );
        if (s.state !== 'checking_in') route(s);
      },
      () => {
        visitTokenStore.clear();
        if (!invite.current) setStep({ kind: 'over', why: 'session' });
      },
    );
  }, [route]);

  // Waiting room and call: one socket that hears only this visitor's own state.
  const inRoom = step.kind === 'waiting' || step.kind === 'in_call';
  useEffect(() => {
    if (!inRoom || !token || socket.current) return;
    socket.current = openVisitorSocket(token, {
      onState: (s) => {
        setMe(s);
        if (s.state === 'admitted') setStep({ kind: 'in_call' });
        else if (s.state === 'waiting')
          setStep((cur) =>
            cur.kind === 'in_call' ? { kind: 'waiting' } : cur,
          );
        else if (s.state === 'removed')
          setStep({ kind: 'over', why: 'removed' });
        if (s.visitStatus === 'ended' || s.visitStatus === 'cancelled')
          setStep({ kind: 'over', why: 'ended' });
      },
      onEnded: (reason) =>
        setStep({
          kind: 'over',
          why:
            reason === 'expired' || reason === 'visit_token_expired'
              ? 'session'
              : 'ended',
        }),
    });
  }, [inRoom, token]);
  useEffect(() => {
    if (step.kind !== 'over') return;
    socket.current?.close();
    socket.current = null;
    visitTokenStore.clear();
  }, [step.kind]);

  async function join() {
    if (!invite.current)
      return setStep({ kind: 'link_problem', code: 'missing' });
    setBusy(true);
    setError(null);
    try {
      const r = await visitApi.exchange(invite.current);
      forgetInviteToken();
      visitTokenStore.set(r.visitToken);
      setToken(r.visitToken);
      setLang(r.state.language);
      setMe(r.state);
      setStep({ kind: 'device' });
    } catch (err) {
      const code = err instanceof VisitApiError ? err.code : 'network';
      const details =
        err instanceof VisitApiError
          ? (err.details as { clinicPhone?: string } | undefined)
          : undefined;
      if (LINK_PROBLEMS[code]) {
        // Open elsewhere: the same link works once the other device is closed.
        if (code !== 'visit_open_elsewhere') forgetInviteToken();
        setStep({
          kind: 'link_problem',
          code,
          clinicPhone: details?.clinicPhone,
        });
      } else setError(t(lang, 'error_generic'));
    } finally {
      setBusy(false);
    }
  }

  async function enterWaitingRoom(s: VisitorState) {
    if (!token) return;
    if (
      s.state === 'checking_in' &&
      s.identityConfirmed &&
      !s.consentsNeeded.length
    ) {
      try {
        route(
          await visitApi.enterWaitingRoom(token, device?.audioOnly ?? false),
        );
      } catch (err) {
        setError(
          err instanceof VisitApiError && err.status === 401
            ? t(lang, 'session_over')
            : t(lang, 'error_generic'),
        );
      }
    } else route(s);
  }

  const H = ({ k }: { k: Phrase }) => (
    <h1 ref={heading} tabIndex={-1}>
      {t(lang, k)}
    </h1>
  );

  return (
    <div className="visit-page" data-step={step.kind}>
      <header className="visit-top">
        <span className="visit-brand">{t(lang, 'title')}</span>
        <button
          type="button"
          className="lang-switch"
          lang={lang === 'en' ? 'es' : 'en'}
          onClick={() => setLang(lang === 'en' ? 'es' : 'en')}
        >
          {t(lang, 'otherLanguage')}
        </button>
      </header>
      <main className="visit-main">
        <FormError text={error} />
        {step.kind === 'start' ? (
          <section>
            <H k="title" />
            <p>{t(lang, 'start_intro')}</p>
            <button
              type="button"
              className="big primary"
              onClick={() => void join()}
              disabled={busy}
            >
              {busy ? t(lang, 'working') : t(lang, 'start_button')}
            </button>
          </section>
        ) : null}
        {step.kind === 'link_problem' ? (
          <section className="link-problem" data-code={step.code}>
            <H
              k={(LINK_PROBLEMS[step.code] ?? LINK_PROBLEMS.invite_invalid!)[0]}
            />
            <p>
              {t(
                lang,
                (LINK_PROBLEMS[step.code] ?? LINK_PROBLEMS.invite_invalid!)[1],
              )}
            </p>
            {step.clinicPhone ? (
              <p>
                <a href={`tel:${step.clinicPhone}`} className="clinic-phone">
                  {t(lang, 'call_clinic', { number: step.clinicPhone })}
                </a>
              </p>
            ) : null}
            {step.code === 'visit_open_elsewhere' ? (
              <button
                type="button"
                className="big primary"
                onClick={() => void join()}
                disabled={busy}
              >
                {busy ? t(lang, 'working') : t(lang, 'start_button')}
              </button>
            ) : null}
          </section>
        ) : null}
        {step.kind === 'device' ? (
          <section>
            <H k="device_title" />
            <DeviceCheck
              lang={lang}
              onDone={(r) => {
                setDevice(r);
                if (me) void enterWaitingRoom(me);
              }}
            />
            {me?.dialIn ? <DialIn lang={lang} dialIn={me.dialIn} /> : null}
          </section>
        ) : null}
        {step.kind === 'identity' && me && token ? (
          <section>
            <H k="identity_title" />
            <IdentityStep
              lang={lang}
              role={me.role}
              token={token}
              onDone={(s) => void enterWaitingRoom(s)}
              onLocked={() => setStep({ kind: 'over', why: 'removed' })}
            />
          </section>
        ) : null}
        {step.kind === 'consent' && me && token ? (
          <section>
            <H k="consent_title" />
            <ConsentStep
              lang={lang}
              me={me}
              token={token}
              onDone={(s) => void enterWaitingRoom(s)}
            />
          </section>
        ) : null}
        {step.kind === 'waiting' ? (
          <section className="waiting" aria-live="polite">
            <H k="waiting_title" />
            <div className="waiting-pulse" aria-hidden="true" />
            <p>{t(lang, 'waiting_help')}</p>
            {device?.audioOnly || me?.audioOnly ? (
              <p>{t(lang, 'waiting_audio_only')}</p>
            ) : null}
            {token ? <LocationQuestion lang={lang} token={token} /> : null}
            {me?.dialIn ? <DialIn lang={lang} dialIn={me.dialIn} /> : null}
          </section>
        ) : null}
        {step.kind === 'in_call' && me && socket.current ? (
          <section>
            <H k="incall_title" />
            <InCall
              lang={lang}
              socket={socket.current}
              visitId={me.visitId}
              audioOnly={device?.audioOnly ?? me.audioOnly}
              quality={device?.network ?? 'good'}
              onLeft={(why) => setStep({ kind: 'over', why })}
            />
            {me.dialIn ? <DialIn lang={lang} dialIn={me.dialIn} /> : null}
          </section>
        ) : null}
        {step.kind === 'over' ? (
          <section className="over" data-why={step.why}>
            {step.why === 'removed' ? (
              <>
                <H k="removed_title" />
                <p>{t(lang, 'removed_help')}</p>
              </>
            ) : step.why === 'left' ? (
              <>
                <H k="left_title" />
                <p>{t(lang, 'left_help')}</p>
              </>
            ) : step.why === 'session' ? (
              <>
                <H k="link_invite_expired" />
                <p>{t(lang, 'session_over')}</p>
              </>
            ) : (
              <>
                <H k="ended_title" />
                <p>{t(lang, 'ended_help')}</p>
              </>
            )}
          </section>
        ) : null}
      </main>
      <footer className="visit-foot">{t(lang, 'crisis')}</footer>
    </div>
  );
}
