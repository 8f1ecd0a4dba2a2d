import type { Socket } from 'socket.io-client';
import type { Clock } from '../../server/clock';
import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { eventually } from '../support/eventually';
import {
  type CareTeam,
  demoCareTeam,
  enrolledLena,
} from '../support/registry-fixtures';
import { connectSocket, connected, request } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';
import { checkInAdult, tokenOf } from '../support/visit-fixtures';

/**
 * A care manager's video contact runs on the call engine: the care manager
 * starts it from the registry, the patient joins by the invite link through
 * the waiting room and is admitted, both are connected for 25 minutes of
 * server time, the care manager ends the call, and the contact and its
 * care-management ledger row hold exactly those 25 minutes: the registry
 * row and the CoCM month move (G2214), no interprofessional code
 * (99446-99452) is drafted from the call's consult, and recording the
 * call's end again writes nothing more. The care manager then sets the
 * contact's next contact date, which the call could not know.
 */
const INTERPROFESSIONAL = [
  '99446',
  '99447',
  '99448',
  '99449',
  '99451',
  '99452',
];

describe.each(STORE_KINDS)('a care-manager video contact on %s', (store) => {
  let server: RunningServer;
  let team: CareTeam;
  let patientId: string;
  // Mid-month server time, moved forward while both are in the call.
  const start = Date.parse('2026-11-17T17:00:00Z');
  let offset = start - Date.now();
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clock, store });
    team = await demoCareTeam(server.url);
    patientId = await enrolledLena(server.url, team, start);
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });

  const startContact = (token: string) =>
    api(
      server.url,
      'POST',
      `/api/registry/patients/${patientId}/video-contacts`,
      {
        token,
        body: { role: 'patient', displayName: 'Lena Novak', language: 'en' },
      },
    );

  /** Waits for the consult's move (made beside the reply or the call's end). */
  const consultReaches = (consultId: string, status: string) =>
    eventually(
      async () =>
        (
          await server.services.db.query(
            'SELECT 1 FROM consults WHERE id = $1 AND status = $2',
            [consultId, status],
          )
        ).rowCount,
      5000,
      `consult ${status}`,
    );

  /**
   * A fresh sign-in (earlier tests move server time past token lifetimes),
   * a video contact started, and the care manager alone in its call, which
   * they then end `minutes` later.
   */
  async function aloneInCallFor(peerSession: string, minutes: number) {
    team = await demoCareTeam(server.url);
    const started = await startContact(team.careManager.token);
    expect(started.status).toBe(201);
    const cm = connectSocket(server.url, team.careManager.token);
    sockets.push(cm);
    await connected(cm);
    const joined = await request(cm, 'call:join', {
      visitId: started.body.visitId,
      peerSession,
    });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    offset += minutes * 60_000;
    const callId: string = joined.data.call.callId;
    expect((await request(cm, 'call:end', { callId })).ok).toBe(true);
    return { consultId: started.body.consultId as string, callId };
  }

  it('counts the minutes both were connected as one contact and one ledger row', async () => {
    const db = server.services.db;
    const started = await startContact(team.careManager.token);
    expect(started.status).toBe(201);
    const { consultId, visitId, participantId, url } = started.body;

    // The consult is on its own line, accepted, with no psychiatrist.
    const { rows: c } = await db.query(
      `SELECT line, status, requested_by AS "requestedBy",
              assigned_psychiatrist_id AS "psychiatristId"
         FROM consults WHERE id = $1`,
      [consultId],
    );
    expect(c[0]).toEqual({
      line: 'care_management',
      status: 'accepted',
      requestedBy: team.careManager.user.id,
      psychiatristId: null,
    });

    // The care manager joins the visit's call in their own seat.
    const cm = connectSocket(server.url, team.careManager.token);
    sockets.push(cm);
    await connected(cm);
    const cmJoin = await request(cm, 'call:join', {
      visitId,
      peerSession: 'cm-video-contact-1',
    });
    if (!cmJoin.ok) throw new Error(JSON.stringify(cmJoin));
    expect(cmJoin.data.self.role).toBe('care_manager');
    const callId: string = cmJoin.data.call.callId;

    // The patient: link, identity, consent, waiting room; admitted; joins.
    const visitToken = await checkInAdult(server, tokenOf(url));
    const admitted = await api(
      server.url,
      'POST',
      `/api/visits/${visitId}/participants/${participantId}/admit`,
      { token: team.careManager.token, body: {} },
    );
    expect(admitted.status).toBe(200);
    const pt = connectSocket(server.url, visitToken);
    sockets.push(pt);
    await connected(pt);
    const ptJoin = await request(pt, 'call:join', {
      visitId,
      peerSession: 'pt-video-contact-1',
    });
    if (!ptJoin.ok) throw new Error(JSON.stringify(ptJoin));
    expect(ptJoin.data.self.role).toBe('patient');
    await request(cm, 'call:media-connected', { callId });
    await consultReaches(consultId, 'in_call');

    // Nobody was ever rung for it, and the care manager's events carry
    // their own role (written beside the join: polled).
    const { rows: offers } = await db.query(
      'SELECT 1 FROM consult_offers WHERE consult_id = $1',
      [consultId],
    );
    expect(offers).toEqual([]);
    const roles = await eventually(
      async () => {
        const { rows } = await db.query<{ role: string }>(
          `SELECT DISTINCT participant_role AS role FROM call_events
          WHERE call_id = $1 AND user_id = $2`,
          [callId, team.careManager.user.id],
        );
        return rows.length ? rows : null;
      },
      5000,
      "the care manager's events",
    );
    expect(roles).toEqual([{ role: 'care_manager' }]);

    // 25 minutes of server time together, then the care manager ends it.
    offset += 25 * 60_000 + 20_000;
    team.careManager = await login(server.url, 'care.manager@demo.test');
    const ended = await request(cm, 'call:end', { callId });
    expect(ended.ok).toBe(true);

    const contact = await eventually(
      async () =>
        (
          await db.query<{
            id: string;
            mode: string;
            minutes: number;
            role: string;
            activity: string;
            consultId: string | null;
          }>(
            `SELECT k.id, k.mode, l.minutes, l.time_role AS role, l.activity, l.consult_id AS "consultId"
               FROM registry_contacts k JOIN time_ledger_entries l ON l.id = k.ledger_entry_id
              WHERE k.consult_id = $1`,
            [consultId],
          )
        ).rows[0],
      10_000,
      'the video contact',
    );
    expect(contact).toMatchObject({
      mode: 'video',
      minutes: 25,
      role: 'care_manager',
      activity: 'care_management',
      consultId: null,
    });
    await consultReaches(consultId, 'completed');

    // The patient page lists it with its minutes; the row's month moved.
    const page = await api(
      server.url,
      'GET',
      `/api/registry/patients/${patientId}`,
      { token: team.careManager.token },
    );
    expect(page.status).toBe(200);
    expect(page.body.contacts).toEqual([
      expect.objectContaining({ id: contact.id, mode: 'video', minutes: 25 }),
    ]);
    expect(page.body.row.minutesThisMonth).toBe(25);

    // The call wrote no next date; the care manager sets it after the call.
    expect([
      page.body.contacts[0].nextContactOn,
      page.body.row.nextContactOn,
    ]).toEqual([null, null]);
    const next = await api(
      server.url,
      'PUT',
      `/api/registry/contacts/${contact.id}/next-contact`,
      { token: team.careManager.token, body: { nextContactOn: '2026-12-01' } },
    );
    expect(next.status).toBe(200);
    const after = await api(
      server.url,
      'GET',
      `/api/registry/patients/${patientId}`,
      { token: team.careManager.token },
    );
    expect([
      after.body.contacts[0].nextContactOn,
      after.body.row.nextContactOn,
    ]).toEqual(['2026-12-01', '2026-12-01']);

    // The biller's month: G2214 (20-30 minutes), and no consult code.
    const { rows: lines } = await db.query<{ code: string; key: string }>(
      `SELECT l.code, c.line_key AS key FROM billing_line_current c
         JOIN billing_lines l ON l.id = c.line_id WHERE c.patient_id = $1`,
      [patientId],
    );
    expect(
      lines.find((l) => l.key.startsWith('cocm:') && l.key.endsWith(':primary'))
        ?.code,
    ).toBe('G2214');
    for (const l of lines) expect(INTERPROFESSIONAL).not.toContain(l.code);
    const { rows: consultLines } = await db.query(
      `SELECT 1 FROM billing_line_current WHERE consult_id = $1`,
      [consultId],
    );
    expect(consultLines).toEqual([]);

    // The end recorded again (another instance, a repeated event): one contact.
    expect(await server.services.registry.video.recordCall(callId)).toBeNull();
    const { rows: all } = await db.query(
      `SELECT count(*)::int AS n FROM registry_contacts WHERE consult_id = $1`,
      [consultId],
    );
    expect(all[0]).toEqual({ n: 1 });
    const { rows: ledger } = await db.query(
      `SELECT count(*)::int AS n FROM time_ledger_entries WHERE patient_id = $1 AND time_role = 'care_manager'`,
      [patientId],
    );
    expect(ledger[0]).toEqual({ n: 1 });
  }, 120_000);

  it('writes no contact for a call the patient never joined, and closes its consult', async () => {
    const db = server.services.db;
    const { consultId } = await aloneInCallFor('cm-video-contact-alone', 5);
    // No media ever flowed: the consult is withdrawn, not completed.
    await consultReaches(consultId, 'cancelled');
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM registry_contacts WHERE consult_id = $1',
      [consultId],
    );
    expect(rows[0]).toEqual({ n: 0 });
  }, 60_000);

  it('is started only by the care manager on the team; nobody else joins its call', async () => {
    // Signed in again: the first test moved server time past token lifetimes.
    team = await demoCareTeam(server.url);
    // Another care manager of the same practice, not on this patient's team.
    await server.services.db.query(
      `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name)
       SELECT program_id, practice_id, 'care.manager.other@demo.test', password_hash, role, 'Other CM'
         FROM users WHERE email = 'care.manager@demo.test'`,
    );
    const other = await login(server.url, 'care.manager.other@demo.test');
    for (const s of [
      other,
      team.pcp,
      team.consultant,
      team.biller,
      team.coordinator,
    ])
      expect((await startContact(s.token)).status).toBe(403);

    const started = await startContact(team.careManager.token);
    expect(started.status).toBe(201);
    // The PCP of the practice may not take a seat in the care manager's call.
    const pcp = connectSocket(server.url, team.pcp.token);
    sockets.push(pcp);
    await connected(pcp);
    const joined = await request(pcp, 'call:join', {
      visitId: started.body.visitId,
      peerSession: 'pcp-not-in-contact',
    });
    expect(joined.ok).toBe(false);
  }, 60_000);

  it('is closed by the sweep when its call ended while nothing listened', async () => {
    // A restart between the call's end and the write: no listener ran.
    await server.services.registry.stop();
    const db = server.services.db;
    const { consultId } = await aloneInCallFor('cm-video-contact-missed', 3);
    const status = async () =>
      (
        await db.query<{ status: string }>(
          'SELECT status FROM consults WHERE id = $1',
          [consultId],
        )
      ).rows[0]?.status;
    // Ended under a minute ago: the sweep leaves it to the listener.
    await server.services.registry.video.sweep();
    expect(await status()).toBe('accepted');
    offset += 2 * 60_000;
    expect(await server.services.registry.video.sweep()).toEqual([]);
    // No media flowed: withdrawn, with no contact; a second sweep finds none.
    expect(await status()).toBe('cancelled');
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM registry_contacts WHERE consult_id = $1',
      [consultId],
    );
    expect(rows[0]).toEqual({ n: 0 });
    expect(await server.services.registry.video.sweep()).toEqual([]);
  }, 60_000);
});
