import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../server/auth/roles';
import type { RunningServer } from '../../server/main';
import { DEMO_ACCOUNTS } from '../../server/seed';
import { createForeignProgram } from '../support/foreign-program';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Walks every declared route x every role. A role the route does not allow
 * must never get a 2xx; without a token every protected route is 401; and no
 * role ever gets a 2xx for another program's resources.
 */
describe('role x route authorization matrix', () => {
  let server: RunningServer;
  const tokens = new Map<Role, string>();
  let foreign: Awaited<ReturnType<typeof createForeignProgram>>;

  beforeAll(async () => {
    server = await startTestServer({ store: 'pglite' });
    foreign = await createForeignProgram(server.services.db);
    for (const role of ROLES) {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      tokens.set(role, (await login(server.url, account.email)).token);
    }
  });
  afterAll(() => server.close());

  /** Path parameters filled with another program's ids where we have one, else unknown ids. */
  const fillPath = (path: string) =>
    path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
      name === 'patientId'
        ? foreign.patientId
        : name === 'practiceId'
          ? foreign.practiceId
          : randomUUID(),
    );

  const protectedRoutes = () =>
    server.built.routes.filter((r) => 'roles' in r.access);

  it('declares at least the foundation routes', () => {
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(5);
  });

  it('refuses every protected route without a token (401)', async () => {
    for (const r of protectedRoutes()) {
      const res = await api(
        server.url,
        r.method.toUpperCase(),
        fillPath(r.path),
        { body: r.method === 'get' || r.method === 'delete' ? undefined : {} },
      );
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
      });
    }
  });

  it('never returns 2xx to a role the route does not allow, nor for another program', async () => {
    const violations: string[] = [];
    let checked = 0;
    for (const r of protectedRoutes()) {
      if (!('roles' in r.access)) continue;
      for (const role of ROLES) {
        const allowed = r.access.roles.includes(role);
        const hasForeignParam = /:/.test(r.path);
        if (allowed && !hasForeignParam) continue; // allowed on its own data: not a violation to check here
        const res = await api(
          server.url,
          r.method.toUpperCase(),
          fillPath(r.path),
          {
            token: tokens.get(role),
            body: r.method === 'get' || r.method === 'delete' ? undefined : {},
          },
        );
        checked++;
        if (res.status >= 200 && res.status < 300)
          violations.push(
            `${role} ${r.method.toUpperCase()} ${r.path} -> ${res.status}`,
          );
        if (!allowed && res.status !== 403)
          violations.push(
            `${role} ${r.method.toUpperCase()} ${r.path} -> ${res.status}, expected 403`,
          );
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });

  it('audits every role refusal', async () => {
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND details->>'code' = 'role_not_allowed'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
