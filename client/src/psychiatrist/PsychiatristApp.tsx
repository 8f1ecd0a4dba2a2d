import { useState } from 'react';
import type { Availability } from '../api/queue-api';
import { CallPage } from '../call-view/CallPage';
import { RegistryPage } from '../registry/RegistryPage';
import { RegistryPatientPage } from '../registry/RegistryPatientPage';
import { AppShell } from '../shell/AppShell';
import { match, usePath } from '../shell/router';
import { EconsultPoolPage } from './EconsultPoolPage';
import { OfferRinger } from './OfferRinger';
import { PsychiatristConsultPage } from './PsychiatristConsultPage';
import { PsychiatristHome } from './PsychiatristHome';

const NAV = [
  { to: '/', label: 'Consults' },
  { to: '/econsults', label: 'Written questions' },
  { to: '/registry', label: 'Case review' },
] as const;

export default function PsychiatristApp() {
  const path = usePath();
  const [availability, setAvailability] = useState<Availability | null>(null);
  let params: Record<string, string> | null;
  let screen;
  if ((params = match('/consults/:id/call', path)))
    screen = <CallPage consultId={params.id!} />;
  else if ((params = match('/consults/:id', path)))
    screen = <PsychiatristConsultPage consultId={params.id!} />;
  else if ((params = match('/registry/patients/:id', path)))
    screen = <RegistryPatientPage patientId={params.id!} />;
  else if (path === '/econsults') screen = <EconsultPoolPage />;
  else if (path === '/registry')
    screen = <RegistryPage title="Case review: needs review first" />;
  else
    screen = (
      <PsychiatristHome
        availability={availability}
        onAvailability={setAvailability}
      />
    );
  // The ringer lives above the routes: an offer rings whatever screen is open.
  return (
    <AppShell
      nav={NAV}
      banner={<OfferRinger onAvailability={setAvailability} />}
    >
      {screen}
    </AppShell>
  );
}
