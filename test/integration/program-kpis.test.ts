import { createHash } from 'node:crypto';
import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

/**
 * The KPI page and the PMHCA file over HTTP on PostgreSQL: two consults of
 * the demo program moved into March 2026 (one at 23:50 local on the last
 * day, one 20 minutes after the period), checked against the figures.
 */
describe('program KPIs and the PMHCA report over the API', () => {
  let server: RunningServer;
  let coordinator: Session, pcp: Session;
  let inside: string;
  const march = 'from=2026-03-01&to=2026-03-31';

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.services.db;
    [coordinator, pcp] = (await Promise.all(
      ['coordinator@demo.test', 'pcp@demo.test'].map((e) =>
        login(server.url, e),
      ),
    )) as [Session, Session];
    await db.query(
      `UPDATE practices SET enrolled_on = '2025-01-01', rural = true, rural_basis = 'RUCA 7.0'`,
    );
    const a = await acceptedConsult(db, { status: 'completed' });
    const b = await acceptedConsult(db, { status: 'completed' });
    inside = a.consultId;
    // 31 March 23:50 EDT, called back 25 minutes later; and 1 April 00:10 EDT.
    await db.query(
      `UPDATE consults SET created_at = '2026-04-01T03:50:00Z', call_started_at = '2026-04-01T04:15:00Z',
         disposition = 'advice_to_pcp' WHERE id = $1`,
      [a.consultId],
    );
    await db.query(
      `UPDATE consults SET created_at = '2026-04-01T04:10:00Z', call_started_at = '2026-04-01T04:20:00Z' WHERE id = $1`,
      [b.consultId],
    );
  }, 120_000);
  afterAll(() => server?.close());

  it('gives numerators and denominators without ids, for coordinators and admins only', async () => {
    const r = await api(server.url, 'GET', `/api/program/kpis?${march}`, {
      token: coordinator.token,
    });
    expect(r.status).toBe(200);
    expect(r.body.consults.total).toEqual({ numerator: 1, denominator: null });
    expect(r.body.callback).toMatchObject({
      medianMinutes: 25,
      withinTarget: { numerator: 1, denominator: 1 },
    });
    expect(r.body.patients.rural).toEqual({ numerator: 1, denominator: 1 });
    expect(JSON.stringify(r.body)).not.toContain('"ids"');
    expect(r.body.sections).toContainEqual({
      key: 'warmHandoffs',
      title: 'Warm handoffs',
      status: 'not_collected_yet',
    });
    expect(
      (
        await api(server.url, 'GET', `/api/program/kpis?${march}`, {
          token: pcp.token,
        })
      ).status,
    ).toBe(403);
  });

  it('drills from within target to the consult ids', async () => {
    const r = await api(
      server.url,
      'GET',
      `/api/program/kpis/drill?${march}&figure=callback.withinTarget`,
      { token: coordinator.token },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      figure: 'callback.withinTarget',
      numerator: 1,
      denominator: 1,
      ids: [inside],
    });
    const bad = await api(
      server.url,
      'GET',
      `/api/program/kpis/drill?${march}&figure=callback.medianMinutes`,
      { token: coordinator.token },
    );
    expect(bad.status).toBe(400);
  });

  it.each([
    ['from=2026-03-31&to=2026-03-01', 'from'],
    ['from=2025-01-01&to=2026-01-02', 'to'],
    ['from=2026-02-31&to=2026-03-01', 'from'],
    ['to=2026-03-01', 'from'],
  ])('refuses %s with a 400 naming %s', async (q, field) => {
    const r = await api(server.url, 'GET', `/api/program/kpis?${q}`, {
      token: coordinator.token,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe(field);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts/);
  });

  it('logs a training with enrolled attendees only, and counts it', async () => {
    const db = server.services.db;
    const pcpId = (
      await db.query<{ id: string }>(
        `SELECT id FROM users WHERE email = 'pcp@demo.test'`,
      )
    ).rows[0]!.id;
    const psychId = (
      await db.query<{ id: string }>(
        `SELECT id FROM users WHERE email = 'psych.child@demo.test'`,
      )
    ).rows[0]!.id;
    const body = {
      heldOn: '2026-03-12',
      topic: 'ADHD medication in primary care',
      format: 'live_virtual',
      presenter: 'Dr Child',
      minutes: 60,
      cmeCredits: 1,
      attendeeIds: [pcpId, psychId],
    };
    const bad = await api(server.url, 'POST', '/api/program/trainings', {
      token: coordinator.token,
      body,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      {
        field: 'attendeeIds.1',
        message: 'is not a provider of a practice enrolled that day',
      },
    ]);
    const ok = await api(server.url, 'POST', '/api/program/trainings', {
      token: coordinator.token,
      body: { ...body, attendeeIds: [pcpId] },
    });
    expect(ok.status).toBe(201);
    const page = await api(server.url, 'GET', `/api/program/kpis?${march}`, {
      token: coordinator.token,
    });
    expect(page.body.trainings).toMatchObject({
      sessions: { numerator: 1 },
      attendees: { numerator: 1 },
      minutes: 60,
      cmeCredits: 1,
    });
  });

  it('makes the PMHCA CSV once, hands back the same bytes and hash', async () => {
    const made = await api(server.url, 'POST', '/api/program/reports/pmhca', {
      token: coordinator.token,
      body: { from: '2026-03-01', to: '2026-03-31' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ reused: false, periodTo: '2026-03-31' });
    const again = await api(server.url, 'POST', '/api/program/reports/pmhca', {
      token: coordinator.token,
      body: { from: '2026-03-01', to: '2026-03-31' },
    });
    expect(again.body).toMatchObject({ id: made.body.id, reused: true });
    const res = await fetch(
      `${server.url}/api/program/reports/${made.body.id}`,
      { headers: { Authorization: `Bearer ${coordinator.token}` } },
    );
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      made.body.sha256,
    );
    expect(res.headers.get('x-content-sha256')).toBe(made.body.sha256);
    expect(bytes.toString('utf8')).toContain(',PMHCA-C1,');
    expect(bytes.toString('utf8')).toMatch(/PMHCA-I3,[^\r]*,all,1,1\r\n/);
  });
});
