import type { OfferEvent } from '../../signaling/protocol/queue-events';
import { STORE_KINDS } from '../support/databases';
import type { RunningServer } from '../../server/main';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import {
  api,
  login,
  type ErrorReply,
  type Session,
} from '../support/test-server';
import {
  consultBody,
  eventually,
  psychiatrist,
  requestConsult,
  setQueueSettings,
  startQueueServer,
} from './queue-kit';

const statusOf = async (server: RunningServer, id: string) =>
  (
    await server.services.db.query<{ status: string }>(
      'SELECT status FROM consults WHERE id = $1',
      [id],
    )
  ).rows[0]!.status;

/**
 * The same paths run as each store is deployed: embedded (PGlite and the
 * in-process queue) and production (PostgreSQL and the Redis queue).
 */
describe.each(['memory', 'redis'] as const)(
  'queue paths (%s store)',
  (mode) => {
    let server: RunningServer;
    let pcp: Session;
    const open: { close(): void }[] = [];
    const psych = async (email: string, opts?: { available?: boolean }) => {
      const p = await psychiatrist(server.url, email, opts);
      open.push(p);
      return p;
    };
    const staffSocket = async (email: string) => {
      const s = connectSocket(
        server.url,
        (await login(server.url, email)).token,
      );
      open.push(s);
      await connected(s);
      return s;
    };

    beforeEach(async () => {
      server = await startQueueServer({
        redis: mode === 'redis',
        store: mode === 'redis' ? 'postgres' : 'pglite',
      });
      pcp = await login(server.url, 'pcp@demo.test');
      await setQueueSettings(server, { offerTimeoutSeconds: 5 });
    }, 60_000);
    afterEach(async () => {
      while (open.length) open.pop()!.close();
      await server.close();
    });

    it('decline: the offer goes to the next eligible psychiatrist (longest idle first)', async () => {
      const child = await psych('psych.child@demo.test');
      const peri = await psych('psych.perinatal@demo.test');
      const first = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      const offer = await first;
      const second = nextEvent(peri.socket, 'queue:offer');
      const withdrawn = nextEvent(child.socket, 'queue:offer-withdrawn');
      expect(
        await request(child.socket, 'queue:decline', {
          offerId: offer.offerId,
          reason: 'busy',
        }),
      ).toEqual({ ok: true, data: { declined: true } });
      expect(await withdrawn).toEqual({
        offerId: offer.offerId,
        consultId: c.consult.id,
        reason: 'declined',
      });
      expect((await second).consultId).toBe(c.consult.id);
      const { rows } = await server.services.db.query<{
        outcome: string | null;
      }>(
        'SELECT outcome FROM consult_offers WHERE consult_id = $1 ORDER BY offered_at',
        [c.consult.id],
      );
      expect(rows.map((r) => r.outcome)).toEqual(['declined', null]);
    });

    it('a stale live store never rings a psychiatrist PostgreSQL has as busy: no offer row, the request waits, the store is repaired', async () => {
      const child = await psych('psych.child@demo.test');
      // Another instance made them busy in PostgreSQL; this store has not heard yet.
      await server.services.db.query(
        `UPDATE psychiatrist_availability SET status = 'busy' WHERE user_id = $1`,
        [child.session.user.id],
      );
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      const programId = child.session.user.programId;
      await eventually(
        async () =>
          (await server.services.queue.snapshot(programId)).workers.find(
            (w) => w.userId === child.session.user.id,
          )?.availability === 'busy',
        5000,
        'store repaired',
      );
      expect(child.offers).toEqual([]);
      expect(await statusOf(server, c.consult.id)).toBe('queued');
      const { rows } = await server.services.db.query(
        'SELECT 1 FROM consult_offers WHERE consult_id = $1',
        [c.consult.id],
      );
      expect(rows).toEqual([]);
    });

    it('a store that lost a ringing offer gets it back from PostgreSQL instead of ringing a second psychiatrist', async () => {
      const child = await psych('psych.child@demo.test');
      const first = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      const offer = await first;
      const peri = await psych('psych.perinatal@demo.test');
      const programId = child.session.user.programId;
      // The store forgets the offer (a lost write); the next round plans the request again.
      await server.services.queue.store.release(c.consult.id);
      server.services.queue.kick(programId);
      await eventually(
        async () =>
          (await server.services.queue.snapshot(programId)).offers.some(
            (o) => o.offerId === offer.offerId,
          ),
        5000,
        'offer restored',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(peri.offers).toEqual([]);
      const { rows } = await server.services.db.query(
        'SELECT psychiatrist_id FROM consult_offers WHERE consult_id = $1 AND outcome IS NULL',
        [c.consult.id],
      );
      expect(rows).toEqual([{ psychiatrist_id: child.session.user.id }]);
    });

    it('no answer: the offer times out, the psychiatrist is set away, the next one rings', async () => {
      await setQueueSettings(server, { offerTimeoutSeconds: 0.5 });
      const child = await psych('psych.child@demo.test');
      const peri = await psych('psych.perinatal@demo.test');
      const firstOffer = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      expect((await firstOffer).ringSeconds).toBe(0.5);
      const away = nextEvent(
        child.socket,
        'queue:availability',
        5000,
        (e: any) => e.status === 'away',
      );
      const timedOut = nextEvent(child.socket, 'queue:offer-withdrawn');
      const next = await nextEvent(peri.socket, 'queue:offer');
      expect(next.consultId).toBe(c.consult.id);
      expect((await timedOut).reason).toBe('timed_out');
      expect(await away).toEqual({ status: 'away', reason: 'missed_offer' });
    });

    it('cancel: the PCP cancels while it rings; the offer is withdrawn and the PCP sees cancelled', async () => {
      const child = await psych('psych.child@demo.test');
      const pcpSock = connectSocket(server.url, pcp.token);
      open.push(pcpSock);
      await connected(pcpSock);
      const offered = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token);
      await offered;
      const withdrawn = nextEvent(child.socket, 'queue:offer-withdrawn');
      const cancelledStatus = nextEvent(
        pcpSock,
        'queue:consult-status',
        5000,
        (s: any) => s.status === 'cancelled',
      );
      const res = await api(
        server.url,
        'POST',
        `/api/consults/${c.consult.id}/cancel`,
        { token: pcp.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.consult.status).toBe('cancelled');
      expect((await withdrawn).reason).toBe('cancelled');
      expect((await cancelledStatus).reason).toBe('cancelled_by_pcp');
      const again = await api(
        server.url,
        'POST',
        `/api/consults/${c.consult.id}/cancel`,
        { token: pcp.token },
      );
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('illegal_transition');
    });

    it('disconnect while ringing: after the grace period the psychiatrist is offline and the offer moves on', async () => {
      const child = await psych('psych.child@demo.test');
      const peri = await psych('psych.perinatal@demo.test');
      const offered = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      await offered;
      child.close();
      const moved = await nextEvent(peri.socket, 'queue:offer', 5000);
      expect(moved.consultId).toBe(c.consult.id);
      const { rows } = await server.services.db.query<{ status: string }>(
        'SELECT status FROM psychiatrist_availability WHERE user_id = $1',
        [child.session.user.id],
      );
      expect(rows[0]!.status).toBe('offline');
    });

    it('disconnect after accepting, before the call: the request returns to the front of the line', async () => {
      const coord = await login(server.url, 'coordinator@demo.test');
      const child = await psych('psych.child@demo.test');
      // An older request nobody online can take (perinatal), then a newer one the child psychiatrist takes.
      const older = await requestConsult(server.url, pcp.token, {
        specialty: 'perinatal',
      });
      const offered = nextEvent(child.socket, 'queue:offer');
      const newer = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
      });
      const offer = await offered;
      expect(offer.consultId).toBe(newer.consult.id);
      expect(
        (
          await request(child.socket, 'queue:accept', {
            offerId: offer.offerId,
          })
        ).ok,
      ).toBe(true);
      child.close();
      await eventually(
        async () => (await statusOf(server, newer.consult.id)) === 'queued',
        15_000,
        'consult back in line',
      );
      const board = await api(server.url, 'GET', '/api/queue', {
        token: coord.token,
      });
      expect(
        board.body.requests.map((r: any) => [r.consultId, r.frontOfLine]),
      ).toEqual([
        [newer.consult.id, true],
        [older.consult.id, false],
      ]);
      const detail = await api(
        server.url,
        'GET',
        `/api/consults/${newer.consult.id}`,
        { token: pcp.token },
      );
      expect(detail.body.consult.assignedPsychiatristId).toBeNull();
      expect(detail.body.transitions.at(-1)).toMatchObject({
        from: 'accepted',
        to: 'queued',
        reason: 'psychiatrist_disconnected',
        actorRole: 'system',
      });
    });

    it('escalation: nobody eligible, the pool widens to any specialty and coordinators are alerted', async () => {
      await setQueueSettings(server, {
        escalationSteps: [{ afterMinutes: 0.01, relax: ['specialty'] }],
      });
      const coordSock = await staffSocket('coordinator@demo.test');
      const addiction = await psych('psych.addiction@demo.test');
      // Escalation comes from the periodic sweeper: allow for a loaded CI machine.
      const escalated = nextEvent(coordSock, 'queue:escalated', 15_000);
      const offered = nextEvent(addiction.socket, 'queue:offer', 20_000);
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'perinatal',
      });
      expect(await escalated).toMatchObject({
        consultId: c.consult.id,
        level: 1,
        relaxed: ['specialty'],
      });
      const offer = await offered;
      expect(offer).toMatchObject({
        consultId: c.consult.id,
        escalationLevel: 1,
      });
    });

    it('licensure is never relaxed: a VT patient waits for a psychiatrist licensed in VT', async () => {
      await setQueueSettings(server, {
        escalationSteps: [
          { afterMinutes: 0, relax: ['specialty', 'language'] },
        ],
      });
      const peri = await psych('psych.perinatal@demo.test');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'adult',
        patient: {
          givenName: 'V',
          familyName: 'T',
          birthDate: '1990-01-01',
          sex: 'male',
          state: 'VT',
        },
      });
      const child = await psych('psych.child@demo.test');
      const offer =
        child.offers[0] ??
        (await nextEvent<OfferEvent>(child.socket, 'queue:offer'));
      expect(offer.consultId).toBe(c.consult.id);
      expect(peri.offers).toEqual([]);
    });

    it('triage: coordinators edit, forward to the line, and resolve resource requests themselves', async () => {
      await setQueueSettings(server, { triageEnabled: true });
      const coord = await login(server.url, 'coordinator@demo.test');
      const coordSock = await staffSocket('coordinator@demo.test');
      const child = await psych('psych.child@demo.test');
      const landed = nextEvent(
        coordSock,
        'queue:changed',
        5000,
        (e: any) => e.to === 'triage',
      );
      const c = await requestConsult(server.url, pcp.token);
      expect(c.consult.status).toBe('triage');
      expect((await landed).consultId).toBe(c.consult.id);
      expect(child.offers).toEqual([]);
      const edit = await api(
        server.url,
        'PATCH',
        `/api/consults/${c.consult.id}/triage`,
        {
          token: coord.token,
          body: { reasonCategories: ['diagnosis', 'medication'] },
        },
      );
      expect(edit.body.consult.reasonCategories).toEqual([
        'diagnosis',
        'medication',
      ]);
      const offered = nextEvent(child.socket, 'queue:offer');
      const forwarded = nextEvent(
        coordSock,
        'queue:changed',
        5000,
        (e: any) => e.consultId === c.consult.id && e.to === 'queued',
      );
      const fwd = api(
        server.url,
        'POST',
        `/api/consults/${c.consult.id}/forward`,
        { token: coord.token },
      );
      // A board reloaded on the event already shows the request in the line.
      await forwarded;
      const board = await api(server.url, 'GET', '/api/queue', {
        token: coord.token,
      });
      expect(board.body.requests.map((r: any) => r.consultId)).toContain(
        c.consult.id,
      );
      expect((await fwd).status).toBe(200);
      expect((await offered).summary.reasonCategories).toEqual([
        'diagnosis',
        'medication',
      ]);

      const rr = await requestConsult(server.url, pcp.token, {
        consultType: 'resource_referral',
        reasonCategories: ['resources'],
      });
      expect(rr.consult.status).toBe('triage');
      const bad = await api(
        server.url,
        'POST',
        `/api/consults/${rr.consult.id}/resolve`,
        { token: coord.token, body: { resources: [] } },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('resources');
      const done = await api(
        server.url,
        'POST',
        `/api/consults/${rr.consult.id}/resolve`,
        {
          token: coord.token,
          body: { resources: ['Riverbend Family Therapy, 555-0100'] },
        },
      );
      expect(done.body.consult).toMatchObject({
        status: 'completed',
        resolution: { resources: ['Riverbend Family Therapy, 555-0100'] },
      });
      const notRr = await api(
        server.url,
        'POST',
        `/api/consults/${c.consult.id}/resolve`,
        { token: coord.token, body: { resources: ['x'] } },
      );
      expect(notRr.body.error.code).toBe('not_resource_referral');
    });

    it('emergency: crisis guidance, coordinators alerted, and it goes ahead of older routine requests', async () => {
      const coordSock = await staffSocket('coordinator@demo.test');
      const routine = await requestConsult(server.url, pcp.token);
      const alert = nextEvent(coordSock, 'queue:emergency');
      const emergency = await requestConsult(server.url, pcp.token, {
        emergency: true,
        reasonCategories: ['safety'],
      });
      expect(emergency.crisisGuidance).toMatch(/911/);
      expect(emergency.crisisGuidance).toMatch(/988/);
      expect(emergency.live.crisisGuidance).toMatch(/988/);
      expect(emergency.consult.status).toBe('queued');
      expect((await alert).consultId).toBe(emergency.consult.id);
      expect(emergency.live.position).toBe(1);
      const child = await psych('psych.child@demo.test');
      const first =
        child.offers[0] ??
        (await nextEvent<OfferEvent>(child.socket, 'queue:offer'));
      expect(first.consultId).toBe(emergency.consult.id);
      expect(first.summary.emergency).toBe(true);
      expect(routine.consult.id).not.toBe(emergency.consult.id);
    });

    it('after the only eligible psychiatrist declines, the PCP is not told "about 1 minute"', async () => {
      // Both on duty; only the child psychiatrist may take a child consult.
      const child = await psych('psych.child@demo.test');
      await psych('psych.perinatal@demo.test');
      const first = nextEvent(child.socket, 'queue:offer');
      const c = await requestConsult(server.url, pcp.token, {
        specialty: 'child_adolescent',
      });
      expect(c.live.estimatedWaitMinutes).toBe(1);
      expect(c.live.noEligiblePsychiatrist).toBe(false);
      const offer = await first;
      await request(child.socket, 'queue:decline', {
        offerId: offer.offerId,
        reason: 'busy',
      });
      const live = await eventually(async () => {
        const r = await api(
          server.url,
          'GET',
          `/api/consults/${c.consult.id}`,
          { token: pcp.token },
        );
        return r.body.live?.status === 'queued' ? r.body.live : null;
      });
      expect(live).toMatchObject({
        estimatedWaitMinutes: null,
        noPsychiatristOnDuty: false,
        noEligiblePsychiatrist: true,
      });
      expect(live.message).not.toContain('about 1 minute');
      expect(live.message).toContain('No psychiatrist on duty can take it now');
    });

    it('the PCP is told honestly when nobody is on duty, with place in line', async () => {
      await requestConsult(server.url, pcp.token);
      const second = await requestConsult(server.url, pcp.token);
      expect(second.live).toMatchObject({
        status: 'queued',
        position: 2,
        queueLength: 2,
        estimatedWaitMinutes: null,
        noPsychiatristOnDuty: true,
      });
      await psych('psych.perinatal@demo.test', { available: false });
      await psych('psych.addiction@demo.test', { available: false });
      const third = await requestConsult(server.url, pcp.token);
      expect(third.live.noPsychiatristOnDuty).toBe(true);
    });
  },
);

describe.each(STORE_KINDS)('queue paths that need no Redis (%s)', (store) => {
  let server: RunningServer;
  let pcp: Session;
  beforeAll(async () => {
    server = await startQueueServer({ store });
    pcp = await login(server.url, 'pcp@demo.test');
  }, 120_000);
  afterAll(() => server?.close());

  it('an attached assessment with a positive safety item makes the request urgent', async () => {
    const { rows } = await server.services.db.query<{ id: string }>(
      `SELECT id FROM patients WHERE given_name = 'Lena'`,
    );
    const patientId = rows[0]!.id;
    const screen = async (items: number[]) =>
      (
        await api(
          server.url,
          'POST',
          `/api/patients/${patientId}/assessments`,
          {
            token: pcp.token,
            body: { instrument: 'phq9', items, answeredBy: 'patient' },
          },
        )
      ).body.id as string;
    const positive = await screen([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const c = await requestConsult(server.url, pcp.token, {
      patient: undefined,
      patientId,
      urgency: 'routine',
      assessmentId: positive,
    });
    expect(c.consult).toMatchObject({
      urgency: 'urgent',
      urgencyReason: 'screening_item9_positive',
      assessmentId: positive,
    });
    // Marked urgent by the PCP too: the screen is still the reason shown.
    const both = await requestConsult(server.url, pcp.token, {
      patient: undefined,
      patientId,
      urgency: 'urgent',
      assessmentId: positive,
    });
    expect(both.consult.urgencyReason).toBe('screening_item9_positive');
    const calm = await requestConsult(server.url, pcp.token, {
      patient: undefined,
      patientId,
      assessmentId: await screen([3, 3, 3, 3, 3, 3, 3, 3, 0]),
    });
    expect(calm.consult.urgency).toBe('routine');
    const foreignAssessment = await api(server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: consultBody({
        patient: undefined,
        patientId: (
          await server.services.db.query<{ id: string }>(
            `SELECT id FROM patients WHERE given_name = 'Maya'`,
          )
        ).rows[0]!.id,
        assessmentId: positive,
      }),
    });
    expect(foreignAssessment.status).toBe(400);
    expect(foreignAssessment.body.error.message).toContain(
      'assessmentId: is not an assessment of this patient',
    );
  });

  it.each([
    [{ clinicalQuestion: '' }, 'clinicalQuestion'],
    [{ reasonCategories: [] }, 'reasonCategories'],
    [{ reasonCategories: ['medication', 'medication'] }, 'reasonCategories'],
    [{ consultType: 'chat' }, 'consultType'],
    [{ callback: { method: 'phone' } }, 'callback.phone'],
    [{ callback: { method: 'phone', phone: '555-1234' } }, 'callback.phone'],
    [{ patient: undefined }, 'patientId'],
    [{ patientId: '00000000-0000-4000-8000-000000000000' }, 'patient'],
    [{ specialty: 'geriatric' }, 'specialty'],
    [{ assessmentId: '00000000-0000-4000-8000-000000000000' }, 'assessmentId'],
    [
      {
        patient: {
          givenName: 'A',
          familyName: 'B',
          birthDate: '2999-01-01',
          sex: 'female',
          state: 'MA',
        },
      },
      'patient.birthDate',
    ],
    [
      {
        patient: {
          givenName: 'A',
          familyName: 'B',
          birthDate: '2010-01-01',
          sex: 'female',
          state: 'ZZ',
        },
      },
      'patient.state',
    ],
  ])('refuses %j naming %s', async (over, field) => {
    const body = {
      patient: {
        givenName: 'T',
        familyName: 'P',
        birthDate: '2012-05-01',
        sex: 'female',
        state: 'MA',
      },
      consultType: 'clinician_consult',
      reasonCategories: ['medication'],
      clinicalQuestion: 'Q',
      specialty: 'adult',
      callback: { method: 'video' },
      ...over,
    };
    const res = await api<ErrorReply>(server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details?.map((d) => d.field)).toContain(field);
  });

  it('a psychiatrist sees only consults offered or assigned to them; another practice sees nothing', async () => {
    const c = await requestConsult(server.url, pcp.token);
    const other = await login(server.url, 'psych.addiction@demo.test');
    const res = await api(server.url, 'GET', `/api/consults/${c.consult.id}`, {
      token: other.token,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden_consult');
    const list = await api(server.url, 'GET', '/api/consults', {
      token: other.token,
    });
    expect(list.body.consults.map((x: any) => x.id)).not.toContain(
      c.consult.id,
    );
    const pcpList = await api(
      server.url,
      'GET',
      '/api/consults?status=queued,offered',
      { token: pcp.token },
    );
    expect(pcpList.body.consults.map((x: any) => x.id)).toContain(c.consult.id);
  });

  it('busy cannot be chosen: the queue sets it', async () => {
    const p = await psychiatrist(server.url, 'psych.perinatal@demo.test', {
      available: false,
    });
    const r = await request(p.socket, 'queue:set-availability', {
      status: 'busy',
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    p.close();
  });

  it('admins read and change program settings; bad values are refused by field', async () => {
    const admin = await login(server.url, 'admin@demo.test');
    const got = await api(server.url, 'GET', '/api/program/settings', {
      token: admin.token,
    });
    expect(got.body).toMatchObject({
      targetMinutes: 30,
      offerTimeoutSeconds: 30,
      triageEnabled: false,
    });
    const put = await api(server.url, 'PUT', '/api/program/settings', {
      token: admin.token,
      body: {
        targetMinutes: 15,
        escalationSteps: [{ afterMinutes: 5, relax: ['specialty'] }],
      },
    });
    expect(put.body).toMatchObject({
      targetMinutes: 15,
      offerTimeoutSeconds: 30,
      escalationSteps: [{ afterMinutes: 5, relax: ['specialty'] }],
    });
    const bad = await api(server.url, 'PUT', '/api/program/settings', {
      token: admin.token,
      body: { offerTimeoutSeconds: -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('offerTimeoutSeconds');
    const coord = await login(server.url, 'coordinator@demo.test');
    expect(
      (
        await api(server.url, 'GET', '/api/program/settings', {
          token: coord.token,
        })
      ).status,
    ).toBe(403);
  });
});

describe.each(['postgres', 'pglite'] as const)(
  'a duplicate submit (%s)',
  (store) => {
    let server: RunningServer;
    let pcp: Session;
    beforeAll(async () => {
      server = await startQueueServer({ store });
      pcp = await login(server.url, 'pcp@demo.test');
    }, 120_000);
    afterAll(() => server?.close());

    it('with the same idempotency key creates one request and one patient, even when concurrent', async () => {
      const key = `key-${Date.now()}`;
      const patients = async () =>
        (
          await server.services.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM patients',
          )
        ).rows[0]!.n;
      const before = await patients();
      const bodies = await Promise.all(
        [0, 1, 2, 3].map(() =>
          api(server.url, 'POST', '/api/consults', {
            token: pcp.token,
            body: { ...bodyWith(), idempotencyKey: key },
          }),
        ),
      );
      const ids = new Set(bodies.map((b) => b.body.consult.id));
      expect(ids.size).toBe(1);
      expect(bodies.filter((b) => b.status === 201)).toHaveLength(1);
      expect(bodies.filter((b) => b.status === 200)).toHaveLength(3);
      const { rows } = await server.services.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM consults WHERE idempotency_key = $1',
        [key],
      );
      expect(rows[0]!.n).toBe(1);
      // The losing submits wrote nothing: not even the new patient that came with them.
      expect(await patients()).toBe(before + 1);
      const viaHeader = await api(server.url, 'POST', '/api/consults', {
        token: pcp.token,
        body: bodyWith(),
        headers: { 'idempotency-key': key },
      });
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.body.consult.id).toBe([...ids][0]);
    });
  },
);

const bodyWith = () => ({
  patient: {
    givenName: 'T',
    familyName: 'P',
    birthDate: '2012-05-01',
    sex: 'female',
    state: 'MA',
  },
  consultType: 'clinician_consult',
  reasonCategories: ['medication'],
  clinicalQuestion: 'Q',
  specialty: 'adult',
  callback: { method: 'video' },
});
