import { RegistryPage } from '../registry/RegistryPage';
import { RegistryPatientPage } from '../registry/RegistryPatientPage';
import { AppShell } from '../shell/AppShell';
import { match, usePath } from '../shell/router';

const NAV = [{ to: '/', label: 'Registry' }] as const;

/** The behavioral health care manager: the collaborative-care registry. */
export default function CareManagerApp() {
  const path = usePath();
  const params = match('/registry/patients/:id', path);
  return (
    <AppShell nav={NAV}>
      {params ? (
        <RegistryPatientPage patientId={params.id!} />
      ) : (
        <RegistryPage title="My caseload" />
      )}
    </AppShell>
  );
}
