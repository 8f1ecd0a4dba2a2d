import { CallPage } from '../call-view/CallPage';
import { PcpTasks } from '../registry/PcpTasks';
import { AppShell } from '../shell/AppShell';
import { match, usePath } from '../shell/router';
import { EpisodePage } from '../bh/EpisodePage';
import { EpisodesPage } from '../bh/EpisodesPage';
import { HandoffPage } from '../bh/HandoffPage';
import {
  PatientScreeningPage,
  ScreeningPatientList,
} from '../screening/PatientScreeningPage';
import { PcpConsultPage } from './PcpConsultPage';
import { PcpHome } from './PcpHome';
import { ReportPrintPage } from './ReportPrintPage';

const NAV = [
  { to: '/', label: 'Consults' },
  { to: '/episodes', label: 'Behavioral health' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/screening', label: 'Screening' },
] as const;

export default function PcpApp() {
  const path = usePath();
  let params: Record<string, string> | null;
  let screen;
  if ((params = match('/consults/:id/call', path)))
    screen = <CallPage consultId={params.id!} />;
  else if ((params = match('/consults/:id/report', path)))
    screen = <ReportPrintPage consultId={params.id!} />;
  else if ((params = match('/consults/:id', path)))
    screen = <PcpConsultPage consultId={params.id!} />;
  else if ((params = match('/episodes/:id', path)))
    screen = <EpisodePage episodeId={params.id!} />;
  else if (match('/episodes', path)) screen = <EpisodesPage />;
  else if ((params = match('/handoffs/:consultId', path)))
    screen = <HandoffPage consultId={params.consultId!} />;
  else if (path === '/tasks') screen = <PcpTasks />;
  else if ((params = match('/patients/:id/screening', path)))
    screen = <PatientScreeningPage patientId={params.id!} />;
  else if (path === '/screening') screen = <ScreeningPatientList />;
  else screen = <PcpHome />;
  return <AppShell nav={NAV}>{screen}</AppShell>;
}
