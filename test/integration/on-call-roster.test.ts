import type { RunningServer } from '../../server/main';
import { userIdByEmail } from '../support/consult-fixtures';
import { eventually } from '../support/eventually';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

describe('on-call roster: shifts in the program time zone, validated and audited', () => {
  let server: RunningServer;
  let admin: Session;
  let psychiatristId: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await login(server.url, 'admin@demo.test');
    psychiatristId = await userIdByEmail(
      server.services.db,
      'psych.child@demo.test',
    );
  }, 120_000);
  afterAll(() => server?.close());

  const add = (body: Record<string, unknown>) =>
    api(server.url, 'POST', '/api/admin/roster/shifts', {
      token: admin.token,
      body: { psychiatristId, ...body },
    });
  const roster = (token: string, from: string, to: string) =>
    api(server.url, 'GET', `/api/program/roster?from=${from}&to=${to}`, {
      token,
    });

  it('adds an overnight shift, lists it on both of its days, refuses an overlap', async () => {
    const made = await add({
      date: '2026-03-07',
      start: '20:00',
      end: '08:00',
    });
    expect(made.status).toBe(201);
    // Overnight into spring forward: 11 real hours, stored as instants.
    expect(made.body).toMatchObject({
      date: '2026-03-07',
      start: '20:00',
      end: '08:00',
      startsAt: '2026-03-08T01:00:00Z',
      endsAt: '2026-03-08T12:00:00Z',
      psychiatristName: expect.any(String),
    });
    const overlap = await add({
      date: '2026-03-08',
      start: '07:00',
      end: '12:00',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('shift_overlaps');
    // Back to back is not an overlap.
    const next = await add({
      date: '2026-03-08',
      start: '08:00',
      end: '12:00',
    });
    expect(next.status).toBe(201);

    const coordinator = await login(server.url, 'coordinator@demo.test');
    const second = await roster(coordinator.token, '2026-03-08', '2026-03-08');
    expect(second.status).toBe(200);
    expect(second.body.timeZone).toBe('America/New_York');
    expect(second.body.shifts.map((s: { id: string }) => s.id)).toEqual([
      made.body.id,
      next.body.id,
    ]);
    const before = await roster(admin.token, '2026-03-01', '2026-03-06');
    expect(before.body.shifts).toEqual([]);

    const audit = await eventually(async () => {
      const { rows } = await server.services.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'admin.roster.shift_add'
          AND resource_id = $1`,
        [made.body.id],
      );
      return Number(rows[0]!.n) === 1 ? rows : null;
    });
    expect(audit).toHaveLength(1);
  });

  it('refuses a start the clocks skip, a non-psychiatrist, and a bad range with sentences', async () => {
    const skipped = await add({
      date: '2026-03-08',
      start: '02:30',
      end: '06:00',
    });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.details[0]).toEqual({
      field: 'start',
      message:
        'does not exist on 2026-03-08 in America/New_York (the clocks skip it)',
    });
    const pcp = await add({
      psychiatristId: await userIdByEmail(server.services.db, 'pcp@demo.test'),
      date: '2026-04-01',
      start: '09:00',
      end: '17:00',
    });
    expect(pcp.status).toBe(400);
    expect(pcp.body.error.details[0].field).toBe('psychiatristId');
    const backwards = await roster(admin.token, '2026-04-02', '2026-04-01');
    expect(backwards.status).toBe(400);
    const { rows } = await server.services.db.query(
      `SELECT 1 FROM on_call_shifts WHERE local_date IN ('2026-03-08', '2026-04-01')
          AND local_start IN ('02:30', '09:00')`,
    );
    expect(rows).toEqual([]);
  });

  it('removes a shift once; a second removal is 404', async () => {
    const made = await add({
      date: '2026-05-04',
      start: '09:00',
      end: '13:00',
    });
    const path = `/api/admin/roster/shifts/${made.body.id}`;
    const gone = await api(server.url, 'DELETE', path, { token: admin.token });
    expect(gone.status).toBe(204);
    const again = await api(server.url, 'DELETE', path, { token: admin.token });
    expect(again.status).toBe(404);
    const list = await roster(admin.token, '2026-05-04', '2026-05-04');
    expect(list.body.shifts).toEqual([]);
  });
});
