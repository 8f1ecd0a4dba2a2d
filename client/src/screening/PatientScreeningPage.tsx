import { useState } from 'react';
import { patientName, patientsApi } from '../api/patients-api';
import { screeningApi } from '../api/screening-api';
import { Link } from '../shell/router';
import { ErrorNotice } from '../ui/Notice';
import { Panel } from '../ui/Panel';
import { useAsync } from '../ui/use-async';
import { AssessmentEntryForm } from './AssessmentEntryForm';
import { ScreeningHistory } from './ScreeningHistory';
import { SendScreeningForm } from './SendScreeningForm';

/** A patient's screenings for their care team: history charts, entry, link. */
export function PatientScreeningPage({ patientId }: { patientId: string }) {
  const patient = useAsync(() => patientsApi.get(patientId), [patientId]);
  const instruments = useAsync(() => screeningApi.instruments(), []);
  const [saved, setSaved] = useState(0);
  return (
    <div className="page">
      <p>
        <Link to="/screening">All patients</Link>
      </p>
      <h1>
        Screening: {patient.data ? patientName(patient.data) : '…'}
        {patient.data ? (
          <span className="muted"> (born {patient.data.birthDate})</span>
        ) : null}
      </h1>
      <ErrorNotice error={patient.error} />
      <ScreeningHistory patientId={patientId} reloadKey={saved} />
      {instruments.data ? (
        <>
          <Panel title="Enter a screening">
            <AssessmentEntryForm
              patientId={patientId}
              instruments={instruments.data}
              onSaved={() => setSaved((n) => n + 1)}
            />
          </Panel>
          <Panel title="Send to the patient or guardian">
            <SendScreeningForm
              patientId={patientId}
              instruments={instruments.data}
            />
          </Panel>
        </>
      ) : null}
    </div>
  );
}

/** Pick a patient to see or enter screenings. */
export function ScreeningPatientList() {
  const patients = useAsync(() => patientsApi.list(), []);
  return (
    <div className="page">
      <h1>Screening</h1>
      <ErrorNotice error={patients.error} />
      <ul className="patient-list">
        {(patients.data ?? []).map((p) => (
          <li key={p.id}>
            <Link to={`/patients/${p.id}/screening`}>{patientName(p)}</Link>{' '}
            <span className="muted">born {p.birthDate}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
