import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../server/main';
import {
  type CareTeam,
  demoCareTeam,
  enrolledLena,
  midMonthClock,
} from '../support/registry-fixtures';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A written contact's next contact date, set afterwards by the care manager
 * on the patient's team (a video contact's call writes it without one):
 * the contact, the registry row and the patient page show the new date;
 * only the latest contact moves the row; anyone else gets 403, an unknown
 * contact 404, a past or unreal date 400, an ended episode 409, and a
 * refusal changes nothing.
 * (The call-written contact itself: registry-video-contact.test.ts.)
 */
describe("a contact's next contact date, set after it was written", () => {
  let server: RunningServer;
  let team: CareTeam;
  let patientId: string;
  // Mid-month server time: the program's today is 2026-11-17.
  const { now, clock, minutesAgo } = midMonthClock();

  beforeAll(async () => {
    server = await startTestServer({ clock });
    team = await demoCareTeam(server.url);
    patientId = await enrolledLena(server.url, team, now);
  }, 120_000);
  afterAll(() => server.close());

  /** A video contact logged without a next date; its id. */
  const logVideo = async (ago: number): Promise<string> => {
    const res = await api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/contacts`,
      {
        token: team.careManager.token,
        body: {
          mode: 'video',
          outcome: 'reached',
          startedAt: minutesAgo(ago),
          minutes: 10,
        },
      },
    );
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const setNext = (id: string, body: unknown, token: string) =>
    api(server.url, 'PUT', `/api/registry/contacts/${id}/next-contact`, {
      token,
      body,
    });
  /** The registry row's next contact and each contact's, as read. */
  const nextDates = async () => {
    const list = await api(server.url, 'GET', '/api/registry', {
      token: team.careManager.token,
    });
    const page = await api(
      server.url,
      'GET',
      `/api/registry/patients/${patientId}`,
      { token: team.careManager.token },
    );
    expect([list.status, page.status]).toEqual([200, 200]);
    return {
      row: list.body.rows.find(
        (r: { patientId: string }) => r.patientId === patientId,
      ).nextContactOn,
      pageRow: page.body.row.nextContactOn,
      contacts: Object.fromEntries(
        page.body.contacts.map((c: { id: string; nextContactOn: string }) => [
          c.id,
          c.nextContactOn,
        ]),
      ),
    };
  };

  let latest: string;
  let older: string;

  it('is set and changed by the care manager; the row and page show it', async () => {
    latest = await logVideo(30);
    expect(await nextDates()).toEqual({
      row: null,
      pageRow: null,
      contacts: { [latest]: null },
    });
    const set = await setNext(
      latest,
      { nextContactOn: '2026-12-01' },
      team.careManager.token,
    );
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ id: latest, nextContactOn: '2026-12-01' });
    expect(await nextDates()).toEqual({
      row: '2026-12-01',
      pageRow: '2026-12-01',
      contacts: { [latest]: '2026-12-01' },
    });
    // Changed again, to the program's today (not in the past).
    expect(
      (
        await setNext(
          latest,
          { nextContactOn: '2026-11-17' },
          team.careManager.token,
        )
      ).status,
    ).toBe(200);
    expect((await nextDates()).row).toBe('2026-11-17');
    const { rows } = await server.services.db.query(
      `SELECT details->>'nextContactOn' AS date FROM audit_log
        WHERE action = 'registry.contact_next_date' AND resource_id = $1
          AND outcome = 'allowed' ORDER BY id`,
      [latest],
    );
    expect(rows).toEqual([{ date: '2026-12-01' }, { date: '2026-11-17' }]);
  });

  it("moves the registry row only for the patient's latest contact", async () => {
    older = await logVideo(120);
    const set = await setNext(
      older,
      { nextContactOn: '2027-01-05' },
      team.careManager.token,
    );
    expect(set.status).toBe(200);
    expect(await nextDates()).toEqual({
      row: '2026-11-17',
      pageRow: '2026-11-17',
      contacts: { [latest]: '2026-11-17', [older]: '2027-01-05' },
    });
  });

  it('refuses anyone but the care manager on the team, and changes nothing', async () => {
    await server.services.db.query(
      `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
       SELECT program_id, practice_id, 'cm.next.date@demo.test', password_hash, role, 'Other CM'
         FROM users WHERE email = 'care.manager@demo.test'`,
    );
    const other = await login(server.url, 'cm.next.date@demo.test');
    const body = { nextContactOn: '2026-12-24' };
    const statuses = {
      otherCareManager: (await setNext(latest, body, other.token)).status,
      pcp: (await setNext(latest, body, team.pcp.token)).status,
      consultant: (await setNext(latest, body, team.consultant.token)).status,
      coordinator: (await setNext(latest, body, team.coordinator.token)).status,
      biller: (await setNext(latest, body, team.biller.token)).status,
      unknownContact: (
        await setNext(randomUUID(), body, team.careManager.token)
      ).status,
      notAnId: (await setNext('x', body, team.careManager.token)).status,
    };
    expect(statuses).toEqual({
      otherCareManager: 403,
      pcp: 403,
      consultant: 403,
      coordinator: 403,
      biller: 403,
      unknownContact: 404,
      notAnId: 404,
    });
    expect((await nextDates()).row).toBe('2026-11-17');
  });

  it('refuses a past or unreal date (400) and changes nothing', async () => {
    const codes: Record<string, unknown> = {};
    for (const nextContactOn of [
      '2026-11-16',
      '2026-02-30',
      '2026-13-01',
      'next week',
      '',
      null,
    ]) {
      const r = await setNext(
        latest,
        { nextContactOn },
        team.careManager.token,
      );
      expect(r.status).toBe(400);
      expect(typeof r.body.error.message).toBe('string');
      expect(JSON.stringify(r.body)).not.toMatch(/"stack"|\n\s+at /);
      codes[String(nextContactOn)] = r.body.error.code;
    }
    expect(codes).toEqual({
      '2026-11-16': 'date_in_past',
      '2026-02-30': 'validation_failed',
      '2026-13-01': 'validation_failed',
      'next week': 'validation_failed',
      '': 'validation_failed',
      null: 'validation_failed',
    });
    expect(await nextDates()).toEqual({
      row: '2026-11-17',
      pageRow: '2026-11-17',
      contacts: { [latest]: '2026-11-17', [older]: '2027-01-05' },
    });
  });

  it('is refused once the episode has ended (409), the contact unchanged', async () => {
    const ended = await api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/episode/end`,
      {
        token: team.careManager.token,
        body: { endDate: '2026-11-17', reason: 'remission' },
      },
    );
    expect(ended.status).toBe(200);
    const r = await setNext(
      latest,
      { nextContactOn: '2026-12-24' },
      team.careManager.token,
    );
    expect([r.status, r.body.error?.code]).toEqual([409, 'episode_ended']);
    // Off the registry list now: the contact as the patient page reads it.
    const page = await api(
      server.url,
      'GET',
      `/api/registry/patients/${patientId}`,
      { token: team.careManager.token },
    );
    expect(
      page.body.contacts.find((c: { id: string }) => c.id === latest),
    ).toMatchObject({ nextContactOn: '2026-11-17' });
  });
});
