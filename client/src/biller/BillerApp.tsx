import { AppShell } from '../shell/AppShell';
import { BillingLinesPage } from './BillingLinesPage';

const NAV = [{ to: '/', label: 'Billing lines' }] as const;

export default function BillerApp() {
  return (
    <AppShell nav={NAV}>
      <BillingLinesPage />
    </AppShell>
  );
}
