import { useState, type FormEvent } from 'react';
import {
  BLOCKER_SENTENCES,
  visitsApi,
  type InviteView,
  type VisitParticipant,
  type VisitView,
} from '../api/visits-api';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { humanize } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { useAction } from '../ui/use-async';
import { PhonePanel } from './PhonePanel';
import { VisitBillingForm } from './VisitBillingForm';
import { useUser } from '../shell/session-context';

const ROLES = [
  { value: 'patient', label: 'Patient' },
  { value: 'guardian', label: 'Parent or guardian' },
  { value: 'interpreter', label: 'Interpreter' },
] as const;

const ROLE_WORDS: Record<string, string> = {
  patient: 'patient',
  guardian: 'parent or guardian',
  interpreter: 'interpreter',
};

const STATE_LABEL: Record<VisitParticipant['state'], string> = {
  invited: 'Invited',
  checking_in: 'Checking in',
  waiting: 'Waiting',
  admitted: 'In the call',
  removed: 'Removed',
};

/** Invite the patient, a guardian or an interpreter, and admit them from the waiting room. */
export function VisitPanel({
  consultId,
  visit,
  onVisit,
}: {
  consultId: string;
  visit: VisitView | null;
  onVisit(v: VisitView): void;
}) {
  const user = useUser();
  const [role, setRole] = useState<'patient' | 'guardian' | 'interpreter'>(
    'patient',
  );
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<'en' | 'es'>('en');
  const [invite, setInvite] = useState<(InviteView & { name: string }) | null>(
    null,
  );
  const [copied, setCopied] = useState(false);
  const send = useAction(async () => {
    const v = visit ?? (await visitsApi.create(consultId));
    const inv = await visitsApi.invite(v.id, {
      role,
      displayName: name,
      language,
    });
    setInvite({ ...inv, name });
    setCopied(false);
    setName('');
    onVisit(v);
  });
  // Removing stops the person's link at once: asked first.
  const [removing, setRemoving] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const act = useAction(
    async (kind: 'admit' | 'remove' | 'text' | 'link', p: VisitParticipant) => {
      if (!visit) return;
      setSent(null);
      if (kind === 'admit') await visitsApi.admit(visit.id, p.participantId);
      if (kind === 'remove') {
        await visitsApi.remove(visit.id, p.participantId);
        setRemoving(null);
      }
      if (kind === 'text') {
        await visitsApi.textLink(visit.id, p.participantId);
        setSent(`A new link was texted to ${p.displayName}.`);
      }
      if (kind === 'link') {
        const inv = await visitsApi.reissue(visit.id, p.participantId);
        setInvite({ ...inv, name: p.displayName });
        setCopied(false);
      }
    },
  );
  const onInvite = (e: FormEvent) => {
    e.preventDefault();
    void send.run();
  };
  const copy = async () => {
    if (!invite) return;
    await navigator.clipboard?.writeText(invite.url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const people = visit?.participants.filter((p) => p.state !== 'removed') ?? [];
  const waiting = people.filter((p) => p.state === 'waiting');
  return (
    <Panel
      title={`Waiting room${waiting.length ? ` (${waiting.length} waiting)` : ''}`}
      level={2}
    >
      {waiting.length ? (
        <Notice tone="warning" live>
          {waiting.map((p) => p.displayName).join(', ')}{' '}
          {waiting.length === 1 ? 'is' : 'are'} waiting to be admitted.
        </Notice>
      ) : null}
      {!people.length ? (
        <Empty>Nobody invited yet.</Empty>
      ) : (
        <ul className="plain" aria-label="Invited people">
          {people.map((p) => (
            <li key={p.participantId} data-participant-state={p.state}>
              <strong>{p.displayName}</strong>
              {/\)\s*$/.test(p.displayName) ? '' : ` (${ROLE_WORDS[p.role]})`}{' '}
              <StatusBadge
                status={
                  p.state === 'admitted'
                    ? 'in_call'
                    : p.state === 'waiting'
                      ? 'offered'
                      : 'queued'
                }
                label={STATE_LABEL[p.state]}
              />
              {p.state === 'waiting' && p.blockers.length ? (
                <div className="muted">
                  Cannot admit yet:{' '}
                  {p.blockers
                    .map((b) => BLOCKER_SENTENCES[b] ?? humanize(b))
                    .join('; ')}
                  .
                </div>
              ) : null}
              <div className="button-row">
                {p.state === 'waiting' ? (
                  <Button
                    variant="accept"
                    disabled={p.blockers.length > 0}
                    busy={act.busy}
                    onClick={() => void act.run('admit', p)}
                    aria-label={`Admit ${p.displayName}`}
                  >
                    Admit
                  </Button>
                ) : null}
                {p.hasPhone && p.smsConsent ? (
                  <Button
                    busy={act.busy}
                    onClick={() => void act.run('text', p)}
                    aria-label={`Text ${p.displayName} a new link`}
                  >
                    Text a new link
                  </Button>
                ) : (
                  <Button
                    busy={act.busy}
                    onClick={() => void act.run('link', p)}
                    aria-label={`New link for ${p.displayName}`}
                  >
                    New link
                  </Button>
                )}
                <Button
                  variant="quiet"
                  busy={act.busy}
                  onClick={() => setRemoving(p.participantId)}
                  aria-label={`Remove ${p.displayName}`}
                >
                  Remove
                </Button>
              </div>
              {removing === p.participantId ? (
                <div
                  className="notice notice-warning"
                  role="alertdialog"
                  aria-label={`Remove ${p.displayName}?`}
                >
                  <p>
                    Remove {p.displayName} from the visit? Their link stops
                    working at once and they leave the call.
                  </p>
                  <div className="button-row">
                    <Button onClick={() => setRemoving(null)}>Keep</Button>
                    <Button
                      variant="danger"
                      busy={act.busy}
                      onClick={() => void act.run('remove', p)}
                    >
                      Remove {p.displayName}
                    </Button>
                  </div>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={act.error} />
      {sent ? (
        <Notice tone="success" live>
          {sent}
        </Notice>
      ) : null}
      {visit ? <PhonePanel visit={visit} /> : null}
      {/* Only the psychiatrist attests a direct evaluation's facts (the
          server refuses anyone else); a PCP or a behavioral health clinician
          was shown codes they could not confirm. */}
      {visit && user.role === 'psychiatrist' ? (
        <VisitBillingForm visitId={visit.id} />
      ) : null}
      <form onSubmit={onInvite} aria-label="Invite someone to the call">
        <h3>Invite</h3>
        <div className="form-row">
          <SelectField
            label="Who"
            value={role}
            onChange={(e) => setRole(e.target.value as typeof role)}
            options={ROLES}
          />
          <TextField
            label="Their name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoComplete="off"
          />
          <SelectField
            label="Their language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as 'en' | 'es')}
            options={[
              { value: 'en', label: 'English' },
              { value: 'es', label: 'Spanish' },
            ]}
          />
        </div>
        <ErrorNotice error={send.error} />
        <Button
          type="submit"
          variant="primary"
          disabled={!name.trim()}
          busy={send.busy}
          busyLabel="Creating link…"
        >
          Create invite link
        </Button>
      </form>
      {invite ? (
        <div className="invite-link">
          <TextField
            label={`Link for ${invite.name} (shown once; send it by email or text)`}
            value={invite.url}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            data-testid="invite-url"
          />
          <Button onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy link'}
          </Button>
        </div>
      ) : null}
    </Panel>
  );
}
