import type { RunningServer } from '../../server/main';
import {
  type CareTeam,
  demoCareTeam,
  demoPatients,
  enroll,
} from '../support/registry-fixtures';
import { api, startTestServer } from '../support/test-server';

/**
 * Enrolling puts the patient on the registry with a care team and a care
 * enrollment the billing engine reads; only the care team and coordinators
 * see the episode; ending it needs a reason and ends the enrollment too.
 */
describe('registry episodes', () => {
  let server: RunningServer;
  let team: CareTeam;
  let patients: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    team = await demoCareTeam(server.url);
    patients = await demoPatients(server.url, team);
  }, 120_000);
  afterAll(() => server.close());

  const episodePath = (id: string) => `/api/registry/patients/${id}/episode`;

  it('enrolls with the care team and writes the care enrollment billing reads', async () => {
    const res = await enroll(server.url, team, patients.Maya!, '2026-09-01');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'cocm',
      pcpId: team.pcp.user.id,
      careManagerId: team.careManager.user.id,
      consultantId: team.consultant.user.id,
      startedOn: '2026-09-01',
      endedOn: null,
    });
    const facts = await api(
      server.url,
      'GET',
      `/api/patients/${patients.Maya}/billing-facts`,
      { token: team.coordinator.token },
    );
    expect(facts.body.enrollments).toEqual([
      expect.objectContaining({
        id: res.body.enrollmentId,
        kind: 'cocm',
        startDate: '2026-09-01',
        billingClinicianId: team.pcp.user.id,
      }),
    ]);
    const again = await enroll(server.url, team, patients.Maya!, '2026-09-02');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_on_registry');
  });

  it('shows the episode to the care team and coordinators only', async () => {
    const status = async (token: string) =>
      (await api(server.url, 'GET', episodePath(patients.Maya!), { token }))
        .status;
    expect(await status(team.pcp.token)).toBe(200);
    expect(await status(team.careManager.token)).toBe(200);
    expect(await status(team.consultant.token)).toBe(200);
    expect(await status(team.coordinator.token)).toBe(200);
    const other = await api(server.url, 'GET', episodePath(patients.Maya!), {
      token: team.pcp2.token,
    });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({
      code: 'forbidden_registry',
      details: { reason: 'not_on_care_team' },
    });
    expect(await status(team.biller.token)).toBe(403);
  });

  it('refuses a care team member of the wrong role', async () => {
    const res = await api(server.url, 'POST', '/api/registry/enrollments', {
      token: team.coordinator.token,
      body: {
        patientId: patients.Ethan,
        kind: 'cocm',
        startDate: '2026-09-01',
        pcpId: team.pcp.user.id,
        careManagerId: team.pcp2.user.id,
        consultantId: team.consultant.user.id,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('careManagerId');
    const facts = await api(
      server.url,
      'GET',
      `/api/patients/${patients.Ethan}/billing-facts`,
      { token: team.coordinator.token },
    );
    expect(facts.body.enrollments).toEqual([]);
  });

  it('ends only with a reason, and the enrollment ends with it', async () => {
    const path = `${episodePath(patients.Maya!)}/end`;
    const token = team.careManager.token;
    const noReason = await api(server.url, 'POST', path, {
      token,
      body: { endDate: '2026-11-30' },
    });
    expect(noReason.status).toBe(400);
    const ended = await api(server.url, 'POST', path, {
      token,
      body: { endDate: '2026-11-30', reason: 'remission' },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      endedOn: '2026-11-30',
      endReason: 'remission',
    });
    const facts = await api(
      server.url,
      'GET',
      `/api/patients/${patients.Maya}/billing-facts`,
      { token: team.coordinator.token },
    );
    expect(facts.body.enrollments[0].endDate).toBe('2026-11-30');
    const twice = await api(server.url, 'POST', path, {
      token,
      body: { endDate: '2026-11-30', reason: 'moved' },
    });
    expect(twice.status).toBe(409);
  });
});
