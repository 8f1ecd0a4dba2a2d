import { AppShell } from '../shell/AppShell';
import { usePath } from '../shell/router';
import { OverdueEconsults } from '../econsult/OverdueEconsults';
import { KpiDashboard } from './KpiDashboard';
import { QueueBoard } from './QueueBoard';

const NAV = [
  { to: '/', label: 'Live queue' },
  { to: '/figures', label: 'Program figures' },
  { to: '/econsults/overdue', label: 'Overdue eConsults' },
] as const;

export default function CoordinatorApp() {
  const path = usePath();
  return (
    <AppShell nav={NAV}>
      {path.startsWith('/figures') ? (
        <KpiDashboard />
      ) : path.startsWith('/econsults/overdue') ? (
        <OverdueEconsults />
      ) : (
        <QueueBoard />
      )}
    </AppShell>
  );
}
