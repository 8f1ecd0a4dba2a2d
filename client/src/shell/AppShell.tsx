import type { ReactNode } from 'react';
import { signOut } from '../api/auth-api';
import type { Role } from '../api/types';
import { useLiveState } from '../live/live-context';
import { SafetyAlertBanner } from '../screening/SafetyAlertBanner';
import { UnreadBadge } from '../econsult/UnreadBadge';
import { Link, usePath } from './router';
import { useUser } from './session-context';

export interface NavItem {
  to: string;
  label: string;
}

const ROLE_LABEL: Record<Role, string> = {
  pcp: 'Primary care',
  psychiatrist: 'Psychiatrist',
  coordinator: 'Coordinator',
  admin: 'Administrator',
  biller: 'Billing',
  bh_clinician: 'Behavioral health',
  care_manager: 'Care manager',
};

const SAFETY_ALERT_ROLES: readonly Role[] = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'bh_clinician',
  'care_manager',
];

const LIVE_LABEL = {
  connected: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: updates paused',
} as const;

/** Live connection status, always visible: a clinician must know whether the screen is current. */
function LiveIndicator() {
  const state = useLiveState();
  return (
    <span
      className={`live-indicator live-${state}`}
      role="status"
      aria-live="polite"
    >
      <span className="dot" aria-hidden="true" />
      {LIVE_LABEL[state]}
    </span>
  );
}

export function AppShell({
  nav,
  children,
  banner,
}: {
  nav: readonly NavItem[];
  children: ReactNode;
  banner?: ReactNode;
}) {
  const user = useUser();
  const path = usePath();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">Psychiatry Access</span>
          <span className="brand-role">{ROLE_LABEL[user.role]}</span>
        </div>
        <nav aria-label="Main">
          <ul>
            {nav.map((n) => {
              const current =
                n.to === '/' ? path === '/' : path.startsWith(n.to);
              return (
                <li key={n.to}>
                  <Link to={n.to} aria-current={current ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="whoami">
          {user.role === 'pcp' || user.role === 'psychiatrist' ? (
            <UnreadBadge />
          ) : null}
          <LiveIndicator />
          <span className="user-name">{user.displayName}</span>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => void signOut()}
          >
            Sign out
          </button>
        </div>
      </header>
      {/* On every screen of the care team until someone acknowledges it. */}
      {SAFETY_ALERT_ROLES.includes(user.role) && (
        <SafetyAlertBanner canRequestConsult={user.role === 'pcp'} />
      )}
      {banner}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
