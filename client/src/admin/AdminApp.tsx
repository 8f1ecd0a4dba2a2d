import { BillingLinesPage } from '../biller/BillingLinesPage';
import { KpiDashboard } from '../coordinator/KpiDashboard';
import { QueueBoard } from '../coordinator/QueueBoard';
import { AppShell } from '../shell/AppShell';
import { usePath } from '../shell/router';
import { AuditSearch } from './AuditSearch';
import { HoursForm } from './HoursForm';
import { PracticesPage } from './PracticesPage';
import { RosterPage } from './RosterPage';
import { UsersPage } from './UsersPage';
import { ProgramSettingsForm } from './ProgramSettingsForm';

const NAV = [
  { to: '/', label: 'Program settings' },
  { to: '/practices', label: 'Practices' },
  { to: '/users', label: 'Users' },
  { to: '/hours', label: 'Hours' },
  { to: '/roster', label: 'On-call roster' },
  { to: '/audit', label: 'Audit log' },
  { to: '/queue', label: 'Live queue' },
  { to: '/billing', label: 'Billing' },
  { to: '/figures', label: 'Program figures' },
] as const;

export default function AdminApp() {
  const path = usePath();
  let screen;
  if (path.startsWith('/audit')) screen = <AuditSearch />;
  else if (path.startsWith('/practices')) screen = <PracticesPage />;
  else if (path.startsWith('/users')) screen = <UsersPage />;
  else if (path.startsWith('/hours'))
    screen = (
      <>
        <h1>Program hours</h1>
        <HoursForm />
      </>
    );
  else if (path.startsWith('/roster')) screen = <RosterPage />;
  else if (path.startsWith('/queue')) screen = <QueueBoard />;
  else if (path.startsWith('/billing')) screen = <BillingLinesPage />;
  else if (path.startsWith('/figures')) screen = <KpiDashboard />;
  else
    screen = (
      <>
        <h1>Program settings</h1>
        <ProgramSettingsForm />
      </>
    );
  return <AppShell nav={NAV}>{screen}</AppShell>;
}
