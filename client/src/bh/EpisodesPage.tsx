import { useCallback, useEffect, useState } from 'react';
import { type Episode, episodesApi, type Handoff } from '../api/episodes-api';
import { type Patient, patientsApi } from '../api/patients-api';
import { Link } from '../shell/router';
import { useUser } from '../shell/session-context';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { HandoffStatus } from './HandoffStatus';

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
                {e.patientName ? `${e.patientName}: ` : ''}
                {e.origin === 'warm_handoff' ? 'warm handoff' : 'referral'},{' '}
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
      {handoff ? (
        <HandoffStatus
          handoff={handoff}
          onChange={(h) => {
            // The episode list changes when the handoff moves on.
            if (h.state !== handoff.state) onChange();
            setHandoff(h);
          }}
        />
      ) : null}
    </Panel>
  );
}
