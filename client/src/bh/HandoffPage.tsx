import { useEffect, useState } from 'react';
import { episodesApi, type Handoff } from '../api/episodes-api';
import { type Patient, patientName, patientsApi } from '../api/patients-api';
import { useUser } from '../shell/session-context';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { HandoffStatus } from './HandoffStatus';

/**
 * One warm handoff: where the PCP lands after asking from a safety alert,
 * and the page of a handoff's consult for both sides (a handoff has no
 * psychiatry consult report; its follow-up is the episode): whose it is,
 * whether it came from the alert, and where it stands.
 */
export function HandoffPage({ consultId }: { consultId: string }) {
  const user = useUser();
  const isClinician = user.role === 'bh_clinician';
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    episodesApi.handoff(consultId).then((h) => {
      setHandoff(h);
      patientsApi.get(h.patientId).then(setPatient, setError);
    }, setError);
  }, [consultId]);
  return (
    <Panel title="Warm handoff to behavioral health">
      <ErrorNotice error={error} />
      {patient ? (
        <p>
          For <strong>{patientName(patient)}</strong> (born {patient.birthDate},{' '}
          {patient.state})
          {handoff?.alertId
            ? ', asked from the safety alert; the screening goes with it.'
            : '.'}{' '}
          {/* The how-to, only while the call is still ahead or on. */}
          {handoff && !['ended', 'fell_back'].includes(handoff.state)
            ? isClinician
              ? 'The PCP and the patient are together in the exam room; after the call, record the sessions in the episode.'
              : 'Keep the patient with you: you both join the call from this browser.'
            : null}
        </p>
      ) : null}
      {handoff ? (
        <HandoffStatus
          handoff={handoff}
          onChange={setHandoff}
          clinician={isClinician}
        />
      ) : null}
    </Panel>
  );
}
