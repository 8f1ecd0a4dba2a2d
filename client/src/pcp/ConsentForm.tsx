import { useState, type FormEvent } from 'react';
import { consentApi, type ConsentRecord } from '../api/consent-api';
import type { Consult } from '../api/consults-api';
import { Button } from '../ui/Button';
import { Checkbox, ChoiceGroup, TextField } from '../ui/Field';
import { dateTime } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAction, useAsync } from '../ui/use-async';

/**
 * How a consent on file reads. A guardian's online consent in the visit
 * (method `written`) carries the cost-sharing notice, so it is shown as
 * given, not asked for again.
 */
function consentSentence(c: ConsentRecord): string {
  const who = c.givenByName ?? `The ${c.givenBy}`;
  if (c.method === 'written')
    return `${who} consented online at ${dateTime(c.obtainedAt)}`;
  return `Verbal consent recorded from the ${c.givenBy}${
    c.givenByName ? ` (${c.givenByName})` : ''
  } on ${dateTime(c.obtainedAt)}`;
}

/** The PCP records the patient's (or guardian's) verbal consent, with the cost-sharing notice billing needs. */
export function ConsentForm({ consult }: { consult: Consult }) {
  const consents = useAsync(
    () =>
      consentApi
        .forPatient(consult.patientId)
        .then((list) =>
          list.filter(
            (c) =>
              c.kind === 'interprofessional' &&
              !c.withdrawnAt &&
              (c.consultId === consult.id || c.consultId === null),
          ),
        ),
    [consult.id, consult.patientId],
  );
  const [from, setFrom] = useState<'patient' | 'guardian'>('guardian');
  const [name, setName] = useState('');
  const [notice, setNotice] = useState(false);
  const save = useAction(async () => {
    const rec = await consentApi.record(consult.patientId, {
      kind: 'interprofessional',
      consultId: consult.id,
      givenBy: from,
      givenByName: name.trim() || undefined,
      method: 'verbal',
      costSharingNoticeGiven: notice,
    });
    consents.set((list) => [rec, ...(list ?? [])]);
    return rec;
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const latest: ConsentRecord | undefined = consents.data?.[0];
  return (
    <Panel title="Patient consent" level={2}>
      {latest ? (
        <Notice tone="success">
          {consentSentence(latest)}
          {latest.costSharingNoticeGiven
            ? ', with the cost-sharing notice.'
            : '. The cost-sharing notice was not given.'}
        </Notice>
      ) : (
        <form onSubmit={onSubmit} aria-label="Record consent">
          <p className="muted">
            Ask the patient or guardian for verbal consent to this consultation,
            and tell them it may be billed with cost sharing.
          </p>
          <ChoiceGroup
            legend="Consent given by"
            type="radio"
            name="consent-from"
            options={[
              { value: 'guardian', label: 'Parent or guardian' },
              { value: 'patient', label: 'Patient' },
            ]}
            value={[from]}
            onChange={(v) => setFrom(v[0] as 'patient' | 'guardian')}
          />
          <TextField
            label="Name of the person who consented"
            required={from === 'guardian'}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
          <Checkbox
            label="I told them about possible cost sharing"
            checked={notice}
            onChange={setNotice}
          />
          <ErrorNotice error={save.error ?? consents.error} />
          <Button
            type="submit"
            variant="primary"
            busy={save.busy}
            busyLabel="Saving…"
          >
            Record verbal consent
          </Button>
        </form>
      )}
    </Panel>
  );
}
