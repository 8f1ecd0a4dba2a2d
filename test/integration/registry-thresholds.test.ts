import type { RunningServer } from '../../server/main';
import { AIMS_DEFAULT_THRESHOLDS } from '../../server/registry/registry-thresholds';
import {
  type CareTeam,
  demoCareTeam,
  demoPatients,
  enroll,
  midMonthClock,
} from '../support/registry-fixtures';
import { api, login, type Session } from '../support/test-server';
import { startTestServer } from '../support/test-server';

/**
 * A program's registry thresholds: AIMS defaults until changed, changed by
 * the admin or a coordinator (validated, merged), and used by the flags on
 * the next read; other roles are refused.
 */
describe('registry thresholds per program', () => {
  let server: RunningServer;
  let team: CareTeam;
  let admin: Session;
  let patientId: string;
  const { now, clock } = midMonthClock();
  const path = '/api/program/registry-thresholds';
  const put = (token: string, body: unknown) =>
    api(server.url, 'PUT', path, { token, body });
  const flags = async () => {
    const page = await api(server.url, 'GET', '/api/registry', {
      token: team.careManager.token,
    });
    expect(page.status).toBe(200);
    return page.body.rows.find(
      (r: { patientId: string }) => r.patientId === patientId,
    ).flags as string[];
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    team = await demoCareTeam(server.url);
    admin = await login(server.url, 'admin@demo.test');
    patientId = (await demoPatients(server.url, team)).Lena!;
    const started = new Date(now - 40 * 86_400_000).toISOString().slice(0, 10);
    expect((await enroll(server.url, team, patientId, started)).status).toBe(
      201,
    );
    const contact = await api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/contacts`,
      {
        token: team.careManager.token,
        body: {
          mode: 'phone',
          outcome: 'reached',
          startedAt: new Date(now - 10 * 86_400_000).toISOString(),
          minutes: 5,
        },
      },
    );
    expect(contact.status).toBe(201);
  }, 120_000);
  afterAll(() => server.close());

  it('starts from the AIMS defaults', async () => {
    const res = await api(server.url, 'GET', path, {
      token: team.coordinator.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(AIMS_DEFAULT_THRESHOLDS);
    expect(await flags()).not.toContain('no_contact');
  });

  it('refuses bad values and unknown fields, writing nothing', async () => {
    for (const body of [
      { noContactDays: 0 },
      { noContactDays: 'soon' },
      { remissionBelow: 99 },
      { noContactDays: 7, colour: 'red' },
    ]) {
      const res = await put(team.coordinator.token, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.code).toEqual(expect.any(String));
    }
    const res = await api(server.url, 'GET', path, { token: admin.token });
    expect(res.body).toEqual(AIMS_DEFAULT_THRESHOLDS);
  });

  it('lets a coordinator change one field; the flags follow', async () => {
    const res = await put(team.coordinator.token, { noContactDays: 7 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...AIMS_DEFAULT_THRESHOLDS, noContactDays: 7 });
    // Ten days since the contact: over the program's 7, under AIMS's 28.
    expect(await flags()).toContain('no_contact');
    const more = await put(admin.token, { reviewFreshDays: 21 });
    expect(more.body).toEqual({
      ...AIMS_DEFAULT_THRESHOLDS,
      noContactDays: 7,
      reviewFreshDays: 21,
    });
    // The queue settings beside them are untouched.
    const queue = await api(server.url, 'GET', '/api/program/settings', {
      token: admin.token,
    });
    expect(queue.status).toBe(200);
    expect(queue.body.targetMinutes).toEqual(expect.any(Number));
  });

  it('refuses the other roles', async () => {
    for (const s of [team.pcp, team.careManager, team.biller]) {
      expect((await put(s.token, { noContactDays: 3 })).status).toBe(403);
      expect(
        (await api(server.url, 'GET', path, { token: s.token })).status,
      ).toBe(403);
    }
    const res = await api(server.url, 'GET', path, { token: admin.token });
    expect(res.body.noContactDays).toBe(7);
  });
});
