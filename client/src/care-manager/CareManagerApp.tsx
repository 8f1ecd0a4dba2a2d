import { AppShell } from '../shell/AppShell';

const NAV = [{ to: '/', label: 'Registry' }] as const;

/** The behavioral health care manager: the collaborative-care registry. */
export default function CareManagerApp() {
  return (
    <AppShell nav={NAV}>
      <h1>Registry</h1>
    </AppShell>
  );
}
