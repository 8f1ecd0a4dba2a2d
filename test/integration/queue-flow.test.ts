import type { RunningServer } from '../../server/main';
import { ageOn } from '../../server/patients/patient';
import { STORE_KINDS } from '../support/databases';
import {
  nextEvent,
  request,
  connectSocket,
  connected,
} from '../support/socket-client';
import { api, login } from '../support/test-server';
import {
  consultBody,
  psychiatrist,
  requestConsult,
  setQueueSettings,
  startQueueServer,
  type Psych,
} from './queue-kit';
import { SYSTEM_ACTOR } from '../../server/consults/consult';

/** Completion needs a coded outcome; these consults are advice to the PCP. */
const ADVICE_ONLY = { disposition: 'advice_to_pcp', diagnosisCategories: [] };

describe.each(STORE_KINDS)(
  'consult queue on %s: request to offer to accept, every party sees it',
  (store) => {
    let server: RunningServer;
    let pcp: Awaited<ReturnType<typeof login>>;
    const open: Psych[] = [];
    beforeAll(async () => {
      server = await startQueueServer({ store });
      pcp = await login(server.url, 'pcp@demo.test');
      await setQueueSettings(server, { offerTimeoutSeconds: 5 });
    }, 120_000);
    afterEach(() => {
      while (open.length) open.pop()!.close();
    });
    afterAll(() => server?.close());

    it('files a consult for an existing demo patient: calendar birth dates in the list, 201, rings with the age', async () => {
      // On PGlite this once failed with 500 (a birth date read as a Date).
      const list = await api(server.url, 'GET', '/api/patients', {
        token: pcp.token,
      });
      expect(list.status).toBe(200);
      const maya = list.body.patients.find(
        (p: { givenName: string }) => p.givenName === 'Maya',
      );
      expect(maya.birthDate).toBe('2011-04-02');
      for (const p of list.body.patients)
        expect(p.birthDate).toMatch(/^\d{4}-\d\d-\d\d$/);
      const child = await psychiatrist(server.url, 'psych.child@demo.test');
      open.push(child);
      const offered = nextEvent(child.socket, 'queue:offer');
      const res = await api(server.url, 'POST', '/api/consults', {
        token: pcp.token,
        body: { ...consultBody(), patient: undefined, patientId: maya.id },
      });
      expect(res.status).toBe(201);
      const offer = await offered;
      expect(offer.consultId).toBe(res.body.consult.id);
      expect(offer.summary.patientAgeYears).toBe(
        ageOn('2011-04-02', new Date()),
      );
      await api(
        server.url,
        'POST',
        `/api/consults/${res.body.consult.id}/cancel`,
        { token: pcp.token, body: { reason: 'test done' } },
      );
    });

    it('offers a request to the eligible psychiatrist, who accepts; PCP and coordinator see it live', async () => {
      const child = await psychiatrist(server.url, 'psych.child@demo.test');
      open.push(child);
      const coord = await login(server.url, 'coordinator@demo.test');
      const coordSock = connectSocket(server.url, coord.token);
      await connected(coordSock);
      const pcpSock = connectSocket(server.url, pcp.token);
      await connected(pcpSock);

      const offered = nextEvent(child.socket, 'queue:offer');
      const created = await requestConsult(server.url, pcp.token);
      expect(created.consult.status).toMatch(/queued|offered/);
      expect(created.live.targetMinutes).toBe(30);
      const offer = await offered;
      expect(offer).toMatchObject({
        consultId: created.consult.id,
        ringSeconds: 5,
        summary: {
          specialty: 'child_adolescent',
          patientState: 'MA',
          patientAgeYears: expect.any(Number),
        },
      });

      // The psychiatrist may read the consult while it rings.
      const read = await api(
        server.url,
        'GET',
        `/api/consults/${created.consult.id}`,
        { token: child.session.token },
      );
      expect(read.status).toBe(200);
      expect(read.body.consult.clinicalQuestion).toContain('sertraline');

      const pcpAccepted = nextEvent(
        pcpSock,
        'queue:consult-status',
        5000,
        (s: any) => s.status === 'accepted',
      );
      const coordChanged = nextEvent(
        coordSock,
        'queue:changed',
        5000,
        (e: any) => e.to === 'accepted',
      );
      const ack = await request(child.socket, 'queue:accept', {
        offerId: offer.offerId,
      });
      expect(ack).toEqual({
        ok: true,
        data: { consultId: created.consult.id, status: 'accepted' },
      });
      const status = await pcpAccepted;
      expect(status.assignedPsychiatrist).toEqual({
        id: child.session.user.id,
        displayName: expect.stringContaining('Ortiz'),
      });
      expect(status.consultId).toBe(created.consult.id);
      expect(await coordChanged).toMatchObject({
        consultId: created.consult.id,
        from: 'offered',
      });

      const detail = await api(
        server.url,
        'GET',
        `/api/consults/${created.consult.id}`,
        { token: pcp.token },
      );
      expect(detail.body.transitions.map((t: any) => t.to)).toEqual([
        'requested',
        'queued',
        'offered',
        'accepted',
      ]);
      expect(detail.body.consult.assignedPsychiatristId).toBe(
        child.session.user.id,
      );
      // Written with the acceptance: the offer's outcome, the psychiatrist busy, the audit row naming patient and consult.
      const db = server.services.db;
      expect(
        (
          await db.query('SELECT outcome FROM consult_offers WHERE id = $1', [
            offer.offerId,
          ])
        ).rows,
      ).toEqual([{ outcome: 'accepted' }]);
      expect(
        (
          await db.query(
            'SELECT status, reason FROM psychiatrist_availability WHERE user_id = $1',
            [child.session.user.id],
          )
        ).rows,
      ).toEqual([{ status: 'busy', reason: 'in_consult' }]);
      const audited = await db.query(
        'SELECT user_id AS "userId", patient_id AS "patientId", resource_type AS "resourceType", resource_id AS "resourceId" FROM audit_log WHERE action = \'consult.accept\' AND resource_id = $1',
        [created.consult.id],
      );
      expect(audited.rows).toEqual([
        {
          userId: child.session.user.id,
          patientId: created.consult.patientId,
          resourceType: 'consult',
          resourceId: created.consult.id,
        },
      ]);

      // Accepting again is refused with a code.
      const again = await request(child.socket, 'queue:accept', {
        offerId: offer.offerId,
      });
      expect(again).toMatchObject({
        ok: false,
        error: { code: 'offer_not_live' },
      });
      const acceptRows = await db.query(
        "SELECT 1 FROM audit_log WHERE action = 'consult.accept' AND resource_id = $1",
        [created.consult.id],
      );
      expect(acceptRows.rows).toHaveLength(1);

      // In call, wrap-up, complete: busy, then available again.
      await server.services.consults.markInCall(created.consult.id);
      const freed = nextEvent(
        child.socket,
        'queue:availability',
        5000,
        (e: any) => e.status === 'available',
      );
      await server.services.consults.markWrapUp(created.consult.id);
      await freed;
      // Freed in the wrap-up's own statement, idle from then on; completing
      // afterwards leaves a psychiatrist who is no longer busy as they are.
      const availability = async () =>
        (
          await db.query(
            'SELECT status, reason, idle_since = changed_at AS "idleFromChange" FROM psychiatrist_availability WHERE user_id = $1',
            [child.session.user.id],
          )
        ).rows;
      const wrapUpRow = {
        status: 'available',
        reason: 'wrap_up',
        idleFromChange: true,
      };
      expect(await availability()).toEqual([wrapUpRow]);
      await server.services.consults.complete(
        created.consult.id,
        SYSTEM_ACTOR,
        ADVICE_ONLY,
      );
      expect(await availability()).toEqual([wrapUpRow]);
      const illegal = await server.services.consults
        .markWrapUp(created.consult.id)
        .catch((e) => e);
      // The domain names the refusal; the HTTP edge maps 'conflict' to 409.
      expect(illegal).toMatchObject({
        code: 'illegal_transition',
        kind: 'conflict',
      });
      coordSock.close();
      pcpSock.close();
    });
  },
);
