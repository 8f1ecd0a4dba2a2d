import { useState, type FormEvent } from 'react';
import { adminApi, type Practice, type UserInvite } from '../api/admin-api';
import { ROLES, SPECIALTIES } from '../../../signaling/protocol/identities';
import { Button } from '../ui/Button';
import { ChoiceGroup, SelectField, TextField } from '../ui/Field';
import { humanize } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction } from '../ui/use-async';
import { fieldError, ROLE_LABEL } from './admin-form';

/** Roles that work at one practice. */
const AT_PRACTICE = new Set<string>(['pcp', 'care_manager']);
/** Roles routing matches on specialty, state license and language. */
const CLINICAL = new Set<string>(['psychiatrist', 'bh_clinician']);

type License = { state: string; expiresOn: string };
const blank = () => ({
  email: '',
  displayName: '',
  role: 'pcp' as UserInvite['role'],
  practiceId: '',
  npi: '',
  specialties: [] as string[],
  licenses: [] as License[],
  languages: 'en',
});

/** Invites a user: the answer is a one-time link the admin sends them. */
export function UserInviteForm({
  practices,
  onInvited,
}: {
  practices: readonly Practice[];
  onInvited(): void;
}) {
  const [f, setF] = useState(blank);
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  const invite = useAction(async () => {
    const r = await adminApi.invite({
      email: f.email.trim(),
      displayName: f.displayName.trim(),
      role: f.role,
      practiceId: f.practiceId || null,
      npi: f.npi.trim() || null,
      specialties: f.specialties as UserInvite['specialties'],
      licenses: f.licenses.map((l) => ({
        state: l.state.trim().toUpperCase(),
        expiresOn: l.expiresOn || null,
      })),
      languages: f.languages
        .split(/[\s,]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    });
    setLink({ name: r.user.displayName, url: r.inviteUrl });
    setF(blank());
    onInvited();
  });
  const set =
    (k: 'email' | 'displayName' | 'npi' | 'languages' | 'practiceId') =>
    (e: { target: { value: string } }) =>
      setF({ ...f, [k]: e.target.value });
  const setLicense = (i: number, l: License | null) => {
    const next = f.licenses.slice();
    if (l) next[i] = l;
    else next.splice(i, 1);
    setF({ ...f, licenses: next });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setLink(null);
    void invite.run();
  };
  const err = (k: string) => fieldError(invite.error, k);
  return (
    <Panel title="Invite a user">
      <form onSubmit={onSubmit} aria-label="Invite a user">
        <div className="form-row">
          <TextField
            label="Full name"
            required
            value={f.displayName}
            onChange={set('displayName')}
            error={err('displayName')}
          />
          <TextField
            label="Email"
            type="email"
            required
            value={f.email}
            onChange={set('email')}
            error={err('email')}
          />
          <SelectField
            label="Role"
            value={f.role}
            onChange={(e) => {
              const role = e.target.value as UserInvite['role'];
              // Specialties and licenses are hidden for other roles: drop them.
              setF(
                CLINICAL.has(role)
                  ? { ...f, role }
                  : { ...f, role, specialties: [], licenses: [] },
              );
            }}
            options={ROLES.map((r) => ({
              value: r,
              label:
                r === 'pcp' ? 'Primary care clinician (PCP)' : ROLE_LABEL[r],
            }))}
          />
        </div>
        <div className="form-row">
          <SelectField
            label="Practice"
            required={AT_PRACTICE.has(f.role)}
            value={f.practiceId}
            onChange={set('practiceId')}
            error={err('practiceId')}
            hint="Where a PCP or care manager works"
            options={[
              {
                value: '',
                label: AT_PRACTICE.has(f.role) ? 'Choose…' : 'None',
              },
              ...practices
                .filter((p) => !p.withdrawnOn)
                .map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <TextField
            label="NPI"
            inputMode="numeric"
            value={f.npi}
            onChange={set('npi')}
            hint="10 digits; optional"
            error={err('npi')}
          />
          <TextField
            label="Languages"
            value={f.languages}
            onChange={set('languages')}
            hint="Language codes, separated by commas: en, es"
            error={err('languages')}
          />
        </div>
        {CLINICAL.has(f.role) ? (
          <>
            <ChoiceGroup
              legend="Specialties"
              type="checkbox"
              name="specialties"
              options={SPECIALTIES.map((s) => ({
                value: s,
                label: humanize(s),
              }))}
              value={f.specialties}
              onChange={(specialties) => setF({ ...f, specialties })}
              error={err('specialties')}
            />
            <fieldset className="choices">
              <legend>State licenses</legend>
              <p className="hint">
                Routing offers consults only for states with a license; it stops
                after the expiry date.
              </p>
              {f.licenses.map((l, i) => (
                <div className="form-row" key={i}>
                  <TextField
                    label={`License ${i + 1}: state`}
                    maxLength={2}
                    value={l.state}
                    onChange={(e) =>
                      setLicense(i, { ...l, state: e.target.value })
                    }
                    error={err(`licenses.${i}`)}
                  />
                  <TextField
                    label={`License ${i + 1}: expires on`}
                    type="date"
                    value={l.expiresOn}
                    onChange={(e) =>
                      setLicense(i, { ...l, expiresOn: e.target.value })
                    }
                  />
                  <Button variant="quiet" onClick={() => setLicense(i, null)}>
                    Remove license {i + 1}
                  </Button>
                </div>
              ))}
              <Button
                onClick={() =>
                  setLicense(f.licenses.length, { state: '', expiresOn: '' })
                }
              >
                Add a license
              </Button>
            </fieldset>
          </>
        ) : null}
        <ErrorNotice error={invite.error} />
        {link ? (
          <Notice tone="success" live>
            {link.name} is invited. Send them this one-time link (valid 7 days);
            it is shown only now:{' '}
            <code data-testid="invite-link">{link.url}</code>{' '}
            <Button
              variant="quiet"
              onClick={() => void navigator.clipboard?.writeText(link.url)}
            >
              Copy link
            </Button>
          </Notice>
        ) : null}
        <div className="button-row">
          <Button
            type="submit"
            variant="primary"
            busy={invite.busy}
            busyLabel="Inviting…"
          >
            Invite
          </Button>
        </div>
      </form>
    </Panel>
  );
}
