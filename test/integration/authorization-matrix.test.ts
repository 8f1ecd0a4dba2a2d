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

  it("gives another program's admin none of this program's audit rows", async () => {
    // An admin of the foreign program, and audit rows on both sides.
    const foreignAdmin = `foreign-admin-${foreign.programId.slice(0, 8)}@other.test`;
    await server.services.db.query(
      `INSERT INTO users (program_id, email, password_hash, role, display_name)
       SELECT $1, $2, password_hash, 'admin', 'Foreign Admin' FROM users
       WHERE email = 'admin@demo.test'`,
      [foreign.programId, foreignAdmin],
    );
    const theirs = await login(server.url, foreignAdmin);
    const pcp = await login(server.url, foreign.pcpEmail);
    await api(server.url, 'GET', `/api/patients/${foreign.patientId}`, {
      token: pcp.token,
    });
    const ours = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id = a.user_id
       WHERE u.program_id <> $1`,
      [foreign.programId],
    );
    expect(ours.rows[0]!.n).toBeGreaterThan(0);
    const demoIds = new Set(
      (
        await server.services.db.query<{ id: string }>(
          'SELECT id FROM users WHERE program_id <> $1 UNION ALL ' +
            'SELECT p.id FROM patients p JOIN practices pr ON pr.id = p.practice_id WHERE pr.program_id <> $1',
          [foreign.programId],
        )
      ).rows.map((r) => r.id),
    );
    const search = await api(server.url, 'GET', '/api/audit?limit=10000', {
      token: theirs.token,
    });
    expect(search.status).toBe(200);
    const rows: { userId: string | null; patientId: string | null }[] =
      search.body.rows;
    // Their own rows are there (the PCP's read), ours are not.
    expect(rows.some((r) => r.patientId === foreign.patientId)).toBe(true);
    expect(
      rows.filter(
        (r) => demoIds.has(r.userId ?? '') || demoIds.has(r.patientId ?? ''),
      ),
    ).toEqual([]);
    const csv = await fetch(`${server.url}/api/audit/export.csv?limit=10000`, {
      headers: { authorization: `Bearer ${theirs.token}` },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect([...demoIds].filter((id) => text.includes(id))).toEqual([]);
    expect(text).toContain(foreign.patientId);
    // And our admin still sees our rows (our staff's refused probes at their
    // patient included) but none of their staff's.
    const mine = await api(server.url, 'GET', '/api/audit?limit=10000', {
      token: tokens.get('admin'),
    });
    const mineRows: { userId: string | null }[] = mine.body.rows;
    expect(mineRows.length).toBeGreaterThan(0);
    expect(
      mineRows.filter((r) =>
        [pcp.user.id, theirs.user.id].includes(r.userId ?? ''),
      ),
    ).toEqual([]);
  });

  it('audits every role refusal', async () => {
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied' AND details->>'code' = 'role_not_allowed'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
