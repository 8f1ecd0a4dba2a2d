import type { RunningServer } from '../../server/main';
import {
  type CareTeam,
  demoCareTeam,
  enrolledLena,
  midMonthClock,
} from '../support/registry-fixtures';
import { api, startTestServer } from '../support/test-server';

/**
 * A contact writes the care-management ledger row the billing engine codes
 * (G2214 at 20 min, 99493 once 31 min), shows on the registry row and the
 * patient page; a consultant's review logs their time, updates the row and
 * lands on the PCP's task list, decided once; outsiders get 403.
 */
describe('registry work: contacts, reviews, tasks', () => {
  let server: RunningServer;
  let team: CareTeam;
  let patientId: string;
  const { now, clock, minutesAgo } = midMonthClock();

  beforeAll(async () => {
    server = await startTestServer({ clock });
    team = await demoCareTeam(server.url);
    patientId = await enrolledLena(server.url, team, now);
  }, 120_000);
  afterAll(() => server.close());

  const cocmCode = async () => {
    const { rows } = await server.services.db.query<{ code: string }>(
      `SELECT l.code FROM billing_line_current c JOIN billing_lines l ON l.id = c.line_id
        WHERE c.patient_id = $1 AND c.line_key LIKE 'cocm:%:primary'
        ORDER BY c.date_of_service DESC LIMIT 1`,
      [patientId],
    );
    return rows[0]?.code ?? null;
  };
  const contact = (
    minutes: number,
    at: string,
    token = team.careManager.token,
  ) =>
    api(server.url, 'POST', `/api/registry/patients/${patientId}/contacts`, {
      token,
      body: {
        mode: 'phone',
        outcome: 'reached',
        startedAt: at,
        minutes,
        nextContactOn: '2099-01-01',
      },
    });

  it('codes the month from contacts: G2214 at 20 min, 99493 at 32', async () => {
    expect(await cocmCode()).toBeNull();
    expect((await contact(20, minutesAgo(90))).status).toBe(201);
    expect(await cocmCode()).toBe('G2214');
    expect((await contact(12, minutesAgo(30))).status).toBe(201);
    expect(await cocmCode()).toBe('99493');
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM time_ledger_entries WHERE patient_id = $1 AND time_role = 'care_manager'`,
      [patientId],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('shows the contacts on the row and refuses them from others', async () => {
    const page = await api(server.url, 'GET', '/api/registry', {
      token: team.careManager.token,
    });
    expect(page.status).toBe(200);
    const row = page.body.rows.find(
      (r: { patientId: string }) => r.patientId === patientId,
    );
    expect(row).toMatchObject({
      contacts: 2,
      minutesThisMonth: expect.any(Number),
      nextContactOn: '2099-01-01',
    });
    expect(row.flags).not.toContain('new');
    expect((await contact(5, minutesAgo(10), team.pcp.token)).status).toBe(403);
    const other = await api(server.url, 'GET', '/api/registry', {
      token: team.pcp2.token,
    });
    expect(other.body.rows).toEqual([]);
    const biller = await api(server.url, 'GET', '/api/registry', {
      token: team.biller.token,
    });
    expect(biller.status).toBe(403);
    const bad = await contact(0, minutesAgo(10));
    expect(bad.status).toBe(400);
  });

  it('puts a review on the PCP task list, logs consultant time, decides once', async () => {
    const review = await api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/reviews`,
      {
        token: team.consultant.token,
        body: {
          recommendation: 'dose_change',
          note: 'Raise the dose.',
          minutes: 6,
        },
      },
    );
    expect(review.status).toBe(201);
    const tasks = await api(server.url, 'GET', '/api/registry/tasks', {
      token: team.pcp.token,
    });
    expect(tasks.body.tasks).toEqual([
      expect.objectContaining({
        id: review.body.id,
        recommendation: 'dose_change',
        taskStatus: 'pending',
        minutes: 6,
      }),
    ]);
    const others = await api(server.url, 'GET', '/api/registry/tasks', {
      token: team.pcp2.token,
    });
    expect(others.body.tasks).toEqual([]);
    const path = `/api/registry/tasks/${review.body.id}/decision`;
    const stranger = await api(server.url, 'POST', path, {
      token: team.pcp2.token,
      body: { decision: 'accepted' },
    });
    expect(stranger.status).toBe(403);
    const ok = await api(server.url, 'POST', path, {
      token: team.pcp.token,
      body: { decision: 'accepted' },
    });
    expect(ok.status).toBe(200);
    const again = await api(server.url, 'POST', path, {
      token: team.pcp.token,
      body: { decision: 'declined' },
    });
    expect(again.status).toBe(409);
    // Consultant time does not count toward the care manager's 99493.
    expect(await cocmCode()).toBe('99493');
    const page = await api(
      server.url,
      'GET',
      `/api/registry/patients/${patientId}`,
      { token: team.consultant.token },
    );
    expect(page.status).toBe(200);
    expect(page.body.row.lastRecommendation).toBe('dose_change');
    expect(page.body.contacts).toHaveLength(2);
    expect(page.body.reviews[0]).toMatchObject({ taskStatus: 'accepted' });
  });
});
