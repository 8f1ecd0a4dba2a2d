import { useEffect, useRef, useState } from 'react';
import { adminApi, type AdminUser } from '../api/admin-api';
import { Button } from '../ui/Button';
import { useUser } from '../shell/session-context';
import { dateOnly, humanize } from '../ui/format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { Empty, Panel } from '../ui/Panel';
import { StatusBadge } from '../ui/StatusBadge';
import { TableFrame } from '../ui/TableFrame';
import { useAction, useAsync } from '../ui/use-async';
import { ROLE_LABEL } from './admin-form';
import { UserInviteForm } from './UserInviteForm';

const licenses = (u: AdminUser) =>
  u.licenses
    .map((l) =>
      l.expiresOn ? `${l.state} (until ${dateOnly(l.expiresOn)})` : l.state,
    )
    .join(', ');

function UserStatus({ u }: { u: AdminUser }) {
  if (!u.active) return <StatusBadge status="away" label="Deactivated" />;
  if (u.pending) return <StatusBadge status="held" label="Invited" />;
  return <StatusBadge status="ready" label="Active" />;
}

/** The program's users: invite by link, deactivate after a confirmation. */
export function UsersPage() {
  const users = useAsync(() => adminApi.users(), []);
  const practices = useAsync(() => adminApi.practices(), []);
  const me = useUser();
  const [confirming, setConfirming] = useState<AdminUser | null>(null);
  // The question appears above the table: move focus there so it is read.
  const question = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const [notice, setNotice] = useState<string | null>(null);
  const deactivate = useAction(async (u: AdminUser) => {
    await adminApi.deactivate(u.id);
    setConfirming(null);
    setNotice(`${u.displayName} is deactivated; their sessions have ended.`);
    users.reload();
  });
  const practiceName = new Map(
    (practices.data ?? []).map((p) => [p.id, p.name]),
  );
  return (
    <>
      <h1>Users</h1>
      <UserInviteForm
        practices={practices.data ?? []}
        onInvited={() => users.reload()}
      />
      <Panel title="People in the program">
        <ErrorNotice error={users.error ?? practices.error} />
        {notice ? (
          <Notice tone="success" live>
            {notice}
          </Notice>
        ) : null}
        {confirming ? (
          <div
            className="notice notice-warning"
            role="alertdialog"
            aria-labelledby="deactivate-q"
            tabIndex={-1}
            ref={question}
          >
            <p id="deactivate-q">
              Deactivate {confirming.displayName} ({confirming.email})? They are
              signed out everywhere at once and can no longer sign in.
            </p>
            <ErrorNotice error={deactivate.error} />
            <div className="button-row">
              <Button
                variant="danger"
                busy={deactivate.busy}
                busyLabel="Deactivating…"
                onClick={() => void deactivate.run(confirming)}
              >
                Deactivate {confirming.displayName}
              </Button>
              <Button
                onClick={() => {
                  setConfirming(null);
                  deactivate.clear();
                }}
              >
                Keep active
              </Button>
            </div>
          </div>
        ) : null}
        {!users.data ? (
          <p className="loading">Loading users…</p>
        ) : !users.data.length ? (
          <Empty>No users yet.</Empty>
        ) : (
          <TableFrame
            caption="Users"
            columns={[
              'Name',
              'Role',
              'Practice',
              'NPI',
              'Licensed in',
              'Languages',
              'Status',
              '',
            ]}
          >
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>
                  <strong>{u.displayName}</strong>
                  <div className="muted">{u.email}</div>
                </td>
                <td>
                  {ROLE_LABEL[u.role]}
                  {u.specialties.length ? (
                    <div className="muted">
                      {u.specialties.map(humanize).join(', ')}
                    </div>
                  ) : null}
                </td>
                <td>
                  {u.practiceId ? (practiceName.get(u.practiceId) ?? '') : '–'}
                </td>
                <td>{u.npi ?? '–'}</td>
                <td>{licenses(u) || '–'}</td>
                <td>{u.languages.join(', ')}</td>
                <td>
                  <UserStatus u={u} />
                </td>
                <td>
                  {u.active && u.id !== me.id ? (
                    <Button
                      variant="quiet"
                      aria-label={`Deactivate ${u.displayName}`}
                      onClick={() => {
                        setNotice(null);
                        setConfirming(u);
                      }}
                    >
                      Deactivate
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </TableFrame>
        )}
      </Panel>
    </>
  );
}
