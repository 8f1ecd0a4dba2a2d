import { CallPage } from '../call-view/CallPage';
import { RegistryPage } from '../registry/RegistryPage';
import { RegistryPatientPage } from '../registry/RegistryPatientPage';
import { AppShell } from '../shell/AppShell';
import { match, usePath } from '../shell/router';

const NAV = [{ to: '/', label: 'Registry' }] as const;

/** The behavioral health care manager: the collaborative-care registry. */
export default function CareManagerApp() {
  const path = usePath();
  const params = match('/registry/patients/:id', path);
  // A video contact's call: the care manager's seat, then back to the patient.
  const call = match('/registry/patients/:id/video/:consultId', path);
  return (
    <AppShell nav={NAV}>
      {call ? (
        <CallPage
          consultId={call.consultId!}
          careContact={{ backTo: `/registry/patients/${call.id}` }}
        />
      ) : params ? (
        <RegistryPatientPage patientId={params.id!} />
      ) : (
        <RegistryPage title="My caseload" />
      )}
    </AppShell>
  );
}
