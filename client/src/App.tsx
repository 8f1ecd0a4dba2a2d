import { lazy, Suspense, type ComponentType } from 'react';
import type { Role } from './api/types';
import { LiveProvider } from './live/live-context';
import { LoginPage } from './shell/LoginPage';
import { SessionUserProvider, useSessionUser } from './shell/session-context';

// One chunk per role: a coordinator's browser never downloads the report editor.
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
