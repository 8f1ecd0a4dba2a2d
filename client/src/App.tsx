import { lazy, Suspense, type ComponentType } from 'react';
import type { Role } from './api/types';
import { LiveProvider } from './live/live-context';
import { LoginPage } from './shell/LoginPage';
import { match, usePath } from './shell/router';
import { SessionUserProvider, useSessionUser } from './shell/session-context';

// One chunk per role: a coordinator's browser never downloads the report editor.
const InvitePage = lazy(() =>
  import('./invite/InvitePage').then((m) => ({ default: m.InvitePage })),
);

const ROLE_APPS: Record<Role, ComponentType> = {
  pcp: lazy(() => import('./pcp/PcpApp')),
  psychiatrist: lazy(() => import('./psychiatrist/PsychiatristApp')),
  coordinator: lazy(() => import('./coordinator/CoordinatorApp')),
  biller: lazy(() => import('./biller/BillerApp')),
  admin: lazy(() => import('./admin/AdminApp')),
  bh_clinician: lazy(() => import('./bh/BhClinicianApp')),
  care_manager: lazy(() => import('./care-manager/CareManagerApp')),
};

export function App() {
  const user = useSessionUser();
  const invite = match('/invite/:token', usePath());
  // An invitation link opens its page even in a browser someone is signed in on.
  if (invite)
    return (
      <Suspense fallback={<p className="loading">Loading…</p>}>
        <InvitePage token={invite.token!} />
      </Suspense>
    );
  if (!user) return <LoginPage />;
  const RoleApp = ROLE_APPS[user.role];
  return (
    <SessionUserProvider user={user}>
      <LiveProvider key={user.id}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <RoleApp />
        </Suspense>
      </LiveProvider>
    </SessionUserProvider>
  );
}
