import type { CallJoinResult } from '../../signaling/protocol/call-events';
import { STORE_KINDS } from '../support/databases';
import type { RunningServer } from '../../server/main';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import { api, login, type Session } from '../support/test-server';
import {
  psychiatrist,
  requestConsult,
  startQueueServer,
  type Psych,
} from './queue-kit';

/**
 * The whole consult, through the real product: a PCP requests over
 * REST, the psychiatrist accepts the offer on their socket, both join the
 * call and media connects, 12 minutes of server time pass, the call ends, the
 * PCP documents consent, the psychiatrist signs the report: the consult bills
 * 99447 with its reasons, held for the 14-day window, then ready.
 */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};

describe.each(STORE_KINDS)(
  'a whole consult, request to billed code (%s)',
  (store) => {
    let server: RunningServer;
    let pcp: Session, biller: Session;
    let psy: Psych;
    beforeAll(async () => {
      server = await startQueueServer({ store, clock });
      [pcp, biller] = await Promise.all([
        login(server.url, 'pcp@demo.test'),
        login(server.url, 'biller@demo.test'),
      ]);
      psy = await psychiatrist(server.url, 'psych.child@demo.test');
    }, 120_000);
    afterAll(async () => {
      psy?.close();
      await server?.close();
    });

    it('codes 99447 from 12 minutes of call, verbal and written, with every reason', async () => {
      const offered = nextEvent(psy.socket, 'queue:offer');
      const created = await requestConsult(server.url, pcp.token);
      const consultId = created.consult.id as string;
      const offer = await offered;
      expect(
        await request(psy.socket, 'queue:accept', { offerId: offer.offerId }),
      ).toMatchObject({ ok: true });

      const pcpSock = connectSocket(server.url, pcp.token);
      await connected(pcpSock);
      try {
        const a = await request<CallJoinResult>(pcpSock, 'call:join', {
          consultId,
          peerSession: 'flow-pcp-1',
        });
        if (!a.ok) throw new Error(`call:join failed: ${a.error.code}`);
        const callId = a.data.call.callId;
        expect(
          (
            await request<CallJoinResult>(psy.socket, 'call:join', {
              consultId,
              peerSession: 'flow-psy-1',
            })
          ).ok,
        ).toBe(true);
        expect(
          (
            await request(psy.socket, 'call:media-connected', {
              callId,
              peer: pcp.user.id,
            })
          ).ok,
        ).toBe(true);
        expect(
          (
            await request(pcpSock, 'call:media-connected', {
              callId,
              peer: psy.session.user.id,
            })
          ).ok,
        ).toBe(true);
        clock.offsetMs += 12 * 60_000 + 5_000;
        const ended = nextEvent(pcpSock, 'call:ended');
        expect(await request(psy.socket, 'call:end', { callId })).toEqual({
          ok: true,
          data: null,
        });
        await ended;
      } finally {
        pcpSock.close();
      }

      const consent = await api(
        server.url,
        'POST',
        `/api/patients/${created.consult.patientId}/consents`,
        {
          token: pcp.token,
          body: {
            kind: 'interprofessional',
            consultId,
            givenBy: 'guardian',
            givenByName: 'Guardian Name',
            costSharingNoticeGiven: true,
          },
        },
      );
      expect(consent.status).toBe(201);
      const report = {
        question: 'Dose?',
        assessment: 'Anxiety.',
        recommendations: 'Increase sertraline.',
        verbalDiscussion: true,
        disposition: 'advice_to_pcp',
      };
      expect(
        (
          await api(server.url, 'PUT', `/api/consults/${consultId}/report`, {
            token: psy.session.token,
            body: report,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await api(
            server.url,
            'POST',
            `/api/consults/${consultId}/report/sign`,
            { token: psy.session.token },
          )
        ).status,
      ).toBe(200);

      const billing = await api(
        server.url,
        'GET',
        `/api/consults/${consultId}/billing`,
        { token: biller.token },
      );
      expect(billing.status).toBe(200);
      const line = billing.body.lines.find(
        (l: any) => l.lineKey === `ip:${consultId}:consultant`,
      );
      expect(line).toMatchObject({
        code: '99447',
        minutes: 12,
        units: 1,
        status: 'held',
        billingClinicianId: psy.session.user.id,
        billingClinicianNpi: '1000000003',
        consentId: consent.body.id,
        placeOfService: '11',
      });
      const byRule = Object.fromEntries(
        line.reasons.map((r: any) => [r.rule, r]),
      );
      expect(byRule['time.consultant'].data.spans).toEqual([
        expect.objectContaining({ class: 'discussion' }),
      ]);
      expect(byRule['time.consultant'].message).toContain('12 min');
      expect(byRule['code.band'].message).toMatch(
        /99447: 12 min is in the 11-20 min band, with a verbal discussion \(a call\) and 100% of the time in discussion/,
      );
      expect(byRule['report.signed'].outcome).toBe('allowed');
      expect(byRule['consent.documented'].outcome).toBe('allowed');
      expect(byRule['encounter.follow_up_window_open'].outcome).toBe('held');
      // 99452 needs 16 minutes of the PCP's time: 12 is not enough, and the engine says so.
      expect(billing.body.lines.some((l: any) => l.code === '99452')).toBe(
        false,
      );
      expect(billing.body.preview.notes.map((n: any) => n.rule)).toContain(
        'time.requesting_under_minimum',
      );

      clock.offsetMs += 15 * 86_400_000;
      // Two weeks of server time later the morning's access token has expired: the biller signs in again.
      biller = await login(server.url, 'biller@demo.test');
      const period = line.dateOfService.slice(0, 7);
      expect(
        (
          await api(server.url, 'POST', '/api/billing/recompute', {
            token: biller.token,
            body: { period },
          })
        ).status,
      ).toBe(200);
      const after = await api(
        server.url,
        'GET',
        `/api/billing/lines?period=${period}&status=ready`,
        { token: biller.token },
      );
      expect(after.body.lines).toEqual([
        expect.objectContaining({
          lineKey: line.lineKey,
          code: '99447',
          version: line.version + 1,
        }),
      ]);
    }, 60_000);
  },
);
