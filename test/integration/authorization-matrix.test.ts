import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../server/auth/roles';
import type { RunningServer } from '../../server/main';
import { DEMO_ACCOUNTS } from '../../server/seed';
import { createForeignProgram } from '../support/foreign-program';
import {
  demoCareTeam,
  demoPatients,
  enroll,
} from '../support/registry-fixtures';
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

  // A care manager's video contact (issue #16): the care team's care
  // manager starts one; another care manager, the PCP, the psychiatric
  // consultant and the biller are refused.
  it('lets only the care manager on the team start a video contact', async () => {
    const team = await demoCareTeam(server.url);
    const lena = (await demoPatients(server.url, team)).Lena!;
    expect((await enroll(server.url, team, lena, '2026-01-05')).status).toBe(
      201,
    );
    await server.services.db.query(
      `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
       SELECT program_id, practice_id, 'cm.matrix@demo.test', password_hash, role, 'Other CM'
         FROM users WHERE email = 'care.manager@demo.test'`,
    );
    const other = await login(server.url, 'cm.matrix@demo.test');
    const start = (token: string) =>
      api(server.url, 'POST', `/api/registry/patients/${lena}/video-contacts`, {
        token,
        body: { role: 'patient', displayName: 'Lena Novak' },
      });
    const statuses = {
      careManagerOnTeam: (await start(team.careManager.token)).status,
      otherCareManager: (await start(other.token)).status,
      pcp: (await start(team.pcp.token)).status,
      psychiatrist: (await start(team.consultant.token)).status,
      biller: (await start(team.biller.token)).status,
    };
    expect(statuses).toEqual({
      careManagerOnTeam: 201,
      otherCareManager: 403,
      pcp: 403,
      psychiatrist: 403,
      biller: 403,
    });
  });

  // A contact's next contact date (issue #16 follow-up): only the care
  // manager on the patient's team sets it (Lena's team, enrolled above).
  it("lets only the team's care manager set a contact's next contact date", async () => {
    const team = await demoCareTeam(server.url);
    const lena = (await demoPatients(server.url, team)).Lena!;
    const logged = await api(
      server.url,
      'POST',
      `/api/registry/patients/${lena}/contacts`,
      {
        token: team.careManager.token,
        body: {
          mode: 'video',
          outcome: 'reached',
          startedAt: new Date(Date.now() - 600_000).toISOString(),
          minutes: 10,
        },
      },
    );
    expect(logged.status).toBe(201);
    const other = await login(server.url, 'cm.matrix@demo.test');
    const set = (token: string) =>
      api(
        server.url,
        'PUT',
        `/api/registry/contacts/${logged.body.id}/next-contact`,
        { token, body: { nextContactOn: '2099-01-01' } },
      );
    const statuses = {
      otherCareManager: (await set(other.token)).status,
      pcp: (await set(team.pcp.token)).status,
      psychiatrist: (await set(team.consultant.token)).status,
      coordinator: (await set(team.coordinator.token)).status,
      biller: (await set(team.biller.token)).status,
      careManagerOnTeam: (await set(team.careManager.token)).status,
    };
    expect(statuses).toEqual({
      otherCareManager: 403,
      pcp: 403,
      psychiatrist: 403,
      coordinator: 403,
      biller: 403,
      careManagerOnTeam: 200,
    });
  });

  it('audits every role refusal', async () => {
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND details->>'code' = 'role_not_allowed'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
