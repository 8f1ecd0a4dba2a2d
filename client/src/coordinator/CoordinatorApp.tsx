import { AppShell } from '../shell/AppShell';
import { QueueBoard } from './QueueBoard';

const NAV = [{ to: '/', label: 'Live queue' }] as const;

export default function CoordinatorApp() {
  return (
    <AppShell nav={NAV}>
      <QueueBoard />
    </AppShell>
  );
}
