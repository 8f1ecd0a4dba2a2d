import { useCallback, useEffect, useState } from 'react';
import { type Episode, episodesApi, type Handoff } from '../api/episodes-api';
import { type Patient, patientsApi } from '../api/patients-api';
import { Link } from '../shell/router';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';

const OUTCOME: Record<string, string> = {
  resolved_in_primary_care: 'Resolved in primary care',
  continued_care_elsewhere: 'Continued care elsewhere',
  stepped_up_to_psychiatry: 'Stepped up to psychiatry',
};

/** PCP: ask for a warm handoff now; both roles: the episodes they may see. */
export function EpisodesPage() {
  const user = useUser();
  const [episodes, setEpisodes] = useState<Episode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () => episodesApi.list().then(setEpisodes, setError),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      {user.role === 'pcp' ? <HandoffRequest onChange={load} /> : null}
      <Panel title="Behavioral health episodes">
        <ErrorNotice error={error} />
        {episodes?.length === 0 ? <Empty>No episodes yet.</Empty> : null}
        <ul className="episode-list">
          {episodes?.map((e) => (
            <li key={e.id}>
              <Link to={`/episodes/${e.id}`}>
                {e.origin === 'warm_handoff' ? 'Warm handoff' : 'Referral'},{' '}
                {new Date(e.referredAt).toLocaleDateString()}
              </Link>{' '}
              ·{' '}
              {e.status === 'open'
                ? 'open'
                : (OUTCOME[e.outcome ?? ''] ?? 'closed')}
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}

function HandoffRequest({ onChange }: { onChange: () => void }) {
  const [patients, setPatients] = useState<Patient[]>([]);
  const [patientId, setPatientId] = useState('');
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    patientsApi.list().then((p) => {
      setPatients(p);
      setPatientId(p[0]?.id ?? '');
    }, setError);
  }, []);
  // Polls while it rings: the push also arrives, polling covers a missed one.
  useEffect(() => {
    if (!handoff || handoff.state !== 'ringing') return;
    const t = setInterval(
      () =>
        episodesApi.handoff(handoff.consultId).then((h) => {
          setHandoff(h);
          if (h.state !== 'ringing') onChange();
        }),
      1500,
    );
    return () => clearInterval(t);
  }, [handoff, onChange]);
  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      setHandoff(await episodesApi.requestHandoff(patientId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title="Warm handoff to behavioral health">
      <p>
        With the patient in the room, ring an on-duty behavioral health
        clinician licensed in the patient’s state.
      </p>
      <label>
        Patient{' '}
        <select
          value={patientId}
          onChange={(e) => setPatientId(e.target.value)}
        >
          {patients.map((p) => (
            <option key={p.id} value={p.id}>
              {p.givenName} {p.familyName} ({p.state})
            </option>
          ))}
        </select>
      </label>{' '}
      <Button
        variant="primary"
        busy={busy}
        busyLabel="Ringing…"
        disabled={!patientId || handoff?.state === 'ringing'}
        onClick={ask}
      >
        Request warm handoff now
      </Button>
      <ErrorNotice error={error} />
      {handoff?.state === 'ringing' ? (
        <Notice>Ringing behavioral health clinicians…</Notice>
      ) : null}
      {handoff && ['answered', 'in_call'].includes(handoff.state) ? (
        <Notice>
          Answered in {handoff.secondsToAnswer} s.{' '}
          <Link to={`/consults/${handoff.consultId}/call`}>
            Join the call with the patient
          </Link>
        </Notice>
      ) : null}
      {handoff?.state === 'fell_back' ? (
        <Notice>
          Nobody answered in time: a scheduled referral was made with the next
          opening.
        </Notice>
      ) : null}
    </Panel>
  );
}
