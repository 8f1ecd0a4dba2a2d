import { useState } from 'react';
import type { Availability } from '../api/queue-api';
import { CallPage } from '../call-view/CallPage';
import { OfferRinger } from '../psychiatrist/OfferRinger';
import { PsychiatristHome } from '../psychiatrist/PsychiatristHome';
import { AppShell } from '../shell/AppShell';
import { match, usePath } from '../shell/router';
import { EpisodePage } from './EpisodePage';
import { EpisodesPage } from './EpisodesPage';
import { HandoffPage } from './HandoffPage';

const NAV = [
  { to: '/', label: 'Handoffs' },
  { to: '/episodes', label: 'Episodes' },
] as const;

/**
 * The behavioral health clinician: on duty and rung like a psychiatrist
 * (the same ringer, duty switch and call), plus their episodes.
 */
export default function BhClinicianApp() {
  const path = usePath();
  const [availability, setAvailability] = useState<Availability | null>(null);
  let params: Record<string, string> | null;
  let screen;
  if ((params = match('/consults/:id/call', path)))
    screen = <CallPage consultId={params.id!} />;
  // Their consults are warm handoffs only (the behavioral health line):
  // the handoff's page, not a psychiatry report editor.
  else if ((params = match('/consults/:id', path)))
    screen = <HandoffPage consultId={params.id!} />;
  else if ((params = match('/episodes/:id', path)))
    screen = <EpisodePage episodeId={params.id!} />;
  else if (match('/episodes', path)) screen = <EpisodesPage />;
  else
    screen = (
      <PsychiatristHome
        availability={availability}
        onAvailability={setAvailability}
      />
    );
  return (
    <AppShell
      nav={NAV}
      banner={<OfferRinger onAvailability={setAvailability} />}
    >
      {screen}
    </AppShell>
  );
}
