import type { RunningServer } from '../../server/main';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';
import { freshPostgresUrl } from '../support/databases';
import { answersSumming } from '../support/screening-answers';
import {
  eventually,
  FAST_QUEUE_ENV,
  psychiatrist,
  setQueueSettings,
  startQueueServer,
} from './queue-kit';

/**
 * Warm handoff end to end over real PostgreSQL and sockets: only the
 * behavioral health line rings, the moments are recorded, the episode holds
 * three sessions and refuses a fourth, the report reaches the PCP live, and
 * stepping up rings a psychiatrist with a pre-filled consult. Then the
 * fallback: unanswered past the target, across a restart.
 */

async function demoPatient(server: RunningServer, given: string) {
  const { rows } = await server.services.db.query<{ id: string }>(
    'SELECT id FROM patients WHERE given_name = $1',
    [given],
  );
  return rows[0]!.id;
}

const note = (over: Record<string, unknown> = {}) => ({
  mode: 'video',
  minutes: 30,
  focus: 'Low mood and sleep',
  interventions: ['cbt_skills', 'psychoeducation'],
  homework: 'Activity log',
  riskLevel: 'low',
  ...over,
});

describe('warm handoff and episode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startQueueServer();
  });
  afterAll(() => server.close());

  it('rings only BH clinicians, records the moments, runs the episode and steps up', async () => {
    const bh = await psychiatrist(server.url, 'bh@demo.test');
    // Idle longer than the BH clinician would be, yet never rung for a handoff.
    const psy = await psychiatrist(server.url, 'psych.child@demo.test');
    const pcp = await login(server.url, 'pcp@demo.test');
    const pcpSock = connectSocket(server.url, pcp.token);
    await connected(pcpSock);
    try {
      const patientId = await demoPatient(server, 'Maya');
      const offered = nextEvent(bh.socket, 'queue:offer');
      const res = await api(
        server.url,
        'POST',
        `/api/patients/${patientId}/handoffs`,
        { token: pcp.token, body: {} },
      );
      expect(res.status).toBe(201);
      expect(res.body.state).toBe('ringing');
      const offer = await offered;
      expect(offer.summary.consultType).toBe('warm_handoff');
      expect(psy.offers).toEqual([]);

      const answered = nextEvent(pcpSock, 'handoff:answered');
      const ack = await request(bh.socket, 'queue:accept', {
        offerId: offer.offerId,
      });
      expect(ack.ok).toBe(true);
      const pushed = await answered;
      expect(pushed.clinicianName).toContain('Alvarez');
      const episodeId: string = pushed.episodeId;

      // The three-way call is the consult's: PCP (with the patient) and BH.
      const consultId: string = res.body.consultId;
      const a = await request(pcpSock, 'call:join', {
        consultId,
        peerSession: 'handoff-pcp-session-1',
      });
      const b = await request(bh.socket, 'call:join', {
        consultId,
        peerSession: 'handoff-bh-session-1',
      });
      if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
      const callId: string = a.data.call.callId;
      const media = await request(pcpSock, 'call:media-connected', {
        callId,
        peer: bh.session.user.id,
      });
      if (!media.ok) throw new Error(JSON.stringify(media));
      const handoff = () =>
        api(server.url, 'GET', `/api/consults/${consultId}/handoff`, {
          token: pcp.token,
        }).then((r) => r.body);
      const inCall = await eventually(async () => {
        const h = await handoff();
        return h.state === 'in_call' && h;
      });
      expect(inCall.secondsToAnswer).toBeGreaterThanOrEqual(0);
      expect(inCall.answeredAt).not.toBeNull();
      await request(bh.socket, 'call:end', { callId });
      // The call's end completes the handoff and frees the clinician.
      await eventually(async () => (await handoff()).state === 'ended');
      await eventually(async () => {
        const { rows } = await server.services.db.query<{ status: string }>(
          `SELECT (SELECT status FROM consults WHERE id = $1) AS status
            UNION ALL SELECT status FROM psychiatrist_availability WHERE user_id = $2`,
          [consultId, bh.session.user.id],
        );
        return rows.map((r) => r.status).join() === 'completed,available';
      });

      // Episode: three sessions, the fourth refused with both ways forward.
      const ep = `/api/episodes/${episodeId}`;
      const scores = [16, 12, 8];
      for (const score of scores) {
        const s = await api(server.url, 'POST', `${ep}/sessions`, {
          token: bh.session.token,
          // Item answers (item 9 left at 0); the server scores them.
          body: note({
            screening: {
              instrument: 'phq9',
              items: [...answersSumming(8, score, 3), 0],
            },
          }),
        });
        expect(s.status).toBe(201);
      }
      const fourth = await api(server.url, 'POST', `${ep}/sessions`, {
        token: bh.session.token,
        body: note({ riskLevel: 'high' }),
      });
      expect(fourth.status).toBe(409);
      expect(fourth.body.error.code).toBe('episode_session_limit');
      expect(fourth.body.error.message).toMatch(/Close it.*step up/s);

      // Session time is in the ledger as care-management time; not enrolled,
      // so each session says why it is not billable.
      const read = await api(server.url, 'GET', ep, { token: pcp.token });
      expect(read.body.sessions).toHaveLength(3);
      expect(read.body.sessions[0].billing).toMatchObject({
        billable: false,
        reason: expect.stringContaining('not enrolled'),
      });
      const { rows: time } = await server.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM time_ledger_entries t JOIN bh_sessions s ON s.ledger_entry_id = t.id
          WHERE s.episode_id = $1 AND t.activity = 'care_management' AND t.time_role = 'care_manager'`,
        [episodeId],
      );
      expect(time[0]!.n).toBe(3);

      // Only the episode's clinician writes; a psychiatrist cannot read it.
      const byPcp = await api(server.url, 'POST', `${ep}/sessions`, {
        token: pcp.token,
        body: note(),
      });
      expect(byPcp.status).toBe(403);
      const byPsy = await api(server.url, 'GET', ep, {
        token: psy.session.token,
      });
      expect(byPsy.status).toBe(403);

      // Closing needs the signed report; signing delivers it live.
      const early = await api(server.url, 'POST', `${ep}/close`, {
        token: bh.session.token,
        body: { outcome: 'resolved_in_primary_care' },
      });
      expect(early.body.error.code).toBe('episode_report_unsigned');
      await api(server.url, 'PUT', `${ep}/report`, {
        token: bh.session.token,
        body: {
          summary: 'Three sessions of CBT skills; PHQ-9 16 to 8.',
          recommendations: 'Psychiatric review of medication options.',
        },
      });
      const delivered = nextEvent(pcpSock, 'episode:report_delivered');
      const signed = await api(server.url, 'POST', `${ep}/report/sign`, {
        token: bh.session.token,
        body: {},
      });
      expect(signed.body.status).toBe('signed');
      expect((await delivered).episodeId).toBe(episodeId);
      const print = await fetch(`${server.url}${ep}/report/print`, {
        headers: { authorization: `Bearer ${pcp.token}` },
      });
      expect(await print.text()).toContain('Electronically signed by');

      // Stepping up rings the psychiatrist with a pre-filled consult.
      const rung = nextEvent(psy.socket, 'queue:offer');
      const closed = await api(server.url, 'POST', `${ep}/close`, {
        token: bh.session.token,
        body: { outcome: 'stepped_up_to_psychiatry' },
      });
      expect(closed.status).toBe(200);
      expect(closed.body.episode.status).toBe('closed');
      const stepUp = closed.body.stepUpConsultId as string;
      expect((await rung).consultId).toBe(stepUp);
      const c = await api(server.url, 'GET', `/api/consults/${stepUp}`, {
        token: pcp.token,
      });
      expect(c.body.consult.clinicalQuestion).toContain('session 1: PHQ-9 16');
      expect(c.body.consult.clinicalQuestion).toContain('session 3: PHQ-9 8');
      expect(c.body.consult.requestedBy).toBe(pcp.user.id);

      // The program's monthly figures see the handoff and the episode.
      const month = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'America/New_York',
        year: 'numeric',
        month: '2-digit',
      }).format(new Date());
      const figures = await api(
        server.url,
        'GET',
        `/api/behavioral-health/figures?month=${month}`,
        { token: pcp.token },
      );
      expect(figures.status).toBe(200);
      const mine = figures.body.practices[0];
      expect(mine.handoffs).toMatchObject({
        attempted: 1,
        answered: 1,
        withinTarget: 1,
      });
      expect(mine.referrals.warm).toBe(1);
      expect(mine.engagement.engagedWithin14Days).toBe(1);
      expect(mine.closedByOutcome).toEqual({ stepped_up_to_psychiatry: 1 });
      expect(mine.scoreChange).toEqual({ episodes: 1, meanChange: -8 });
    } finally {
      bh.close();
      psy.close();
      pcpSock.close();
    }
  });
});

describe('warm handoff fallback', () => {
  it('falls back to a scheduled referral past the target, even across a restart', async () => {
    const databaseUrl = await freshPostgresUrl();
    let server = await startTestServer({ databaseUrl, env: FAST_QUEUE_ENV });
    await setQueueSettings(server, { handoffTargetMinutes: 0.1 });
    const pcp = await login(server.url, 'pcp@demo.test');
    const patientId = await demoPatient(server, 'Lena');
    const res = await api(
      server.url,
      'POST',
      `/api/patients/${patientId}/handoffs`,
      { token: pcp.token, body: {} },
    );
    expect(res.status).toBe(201);
    // Stopped before the deadline: the next start must still carry it out.
    await server.close();
    server = await startTestServer({ databaseUrl, env: FAST_QUEUE_ENV });
    try {
      const again = await login(server.url, 'pcp@demo.test');
      const sock = connectSocket(server.url, again.token);
      await connected(sock);
      const fell = await nextEvent(sock, 'handoff:fell_back', 10_000);
      sock.close();
      expect(fell.handoffId).toBe(res.body.id);
      expect(fell.scheduledFor).not.toBeNull();
      const h = await api(
        server.url,
        'GET',
        `/api/consults/${res.body.consultId}/handoff`,
        { token: again.token },
      );
      expect(h.body.state).toBe('fell_back');
      const e = await api(
        server.url,
        'GET',
        `/api/episodes/${fell.episodeId}`,
        {
          token: again.token,
        },
      );
      expect(e.body.episode.origin).toBe('scheduled');
      const bh = await login(server.url, 'bh@demo.test');
      expect(e.body.episode.clinicianId).toBe(bh.user.id);
    } finally {
      await server.close();
    }
  });
});
