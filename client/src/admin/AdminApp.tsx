import { BillingLinesPage } from '../biller/BillingLinesPage';
import { KpiDashboard } from '../coordinator/KpiDashboard';
import { QueueBoard } from '../coordinator/QueueBoard';
import { AppShell } from '../shell/AppShell';
import { usePath } from '../shell/router';
import { AuditSearch } from './AuditSearch';
import { ProgramSettingsForm } from './ProgramSettingsForm';

const NAV = [
  { to: '/', label: 'Program settings' },
  { to: '/audit', label: 'Audit log' },
  { to: '/queue', label: 'Live queue' },
  { to: '/billing', label: 'Billing' },
  { to: '/figures', label: 'Program figures' },
] as const;

export default function AdminApp() {
  const path = usePath();
  let screen;
  if (path.startsWith('/audit')) screen = <AuditSearch />;
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
