import type { RunningServer } from '../../server/main';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import { api, login } from '../support/test-server';
import { eventually, psychiatrist, startQueueServer } from './queue-kit';

/**
 * A warm handoff's behavioral health clinician is in the call as
 * `bh_clinician` (participants, the append-only event log, the call's REST
 * ledger), and the billing engine never codes their minutes as psychiatric
 * consultant work (99446-99449, 99451): it says why instead.
 */

const PSYCHIATRIC_CONSULTANT_CODES = [
  '99446',
  '99447',
  '99448',
  '99449',
  '99451',
];

describe('the BH clinician in a warm handoff call', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startQueueServer();
  });
  afterAll(() => server.close());

  it('is recorded as bh_clinician, and billing does not code their minutes as 99446-99449', async () => {
    const bh = await psychiatrist(server.url, 'bh@demo.test');
    const pcp = await login(server.url, 'pcp@demo.test');
    const biller = await login(server.url, 'biller@demo.test');
    const pcpSock = connectSocket(server.url, pcp.token);
    await connected(pcpSock);
    try {
      const { rows: pt } = await server.services.db.query<{ id: string }>(
        `SELECT id FROM patients WHERE given_name = 'Maya'`,
      );
      const offered = nextEvent(bh.socket, 'queue:offer');
      const res = await api(
        server.url,
        'POST',
        `/api/patients/${pt[0]!.id}/handoffs`,
        { token: pcp.token, body: {} },
      );
      expect(res.status).toBe(201);
      const consultId: string = res.body.consultId;
      const offer = await offered;
      const ack = await request(bh.socket, 'queue:accept', {
        offerId: offer.offerId,
      });
      expect(ack.ok).toBe(true);

      const a = await request(pcpSock, 'call:join', {
        consultId,
        peerSession: 'bh-role-pcp-session',
      });
      const b = await request(bh.socket, 'call:join', {
        consultId,
        peerSession: 'bh-role-bh-session',
      });
      if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
      const callId: string = a.data.call.callId;
      const bhId = bh.session.user.id;

      // The seat the join gave them, and the row every instance reads.
      expect(b.data.self.role).toBe('bh_clinician');
      const { rows: seat } = await server.services.db.query<{
        role: string;
      }>(
        'SELECT role FROM call_participants WHERE call_id = $1 AND user_id = $2',
        [callId, bhId],
      );
      expect(seat).toEqual([{ role: 'bh_clinician' }]);

      // The PCP's view of the call names them so, in the participants and
      // in the event ledger (written beside the join: polled).
      const ledger = await eventually(async () => {
        const r = await api(server.url, 'GET', `/api/calls/${callId}`, {
          token: pcp.token,
        });
        const joined = r.body.events.filter(
          (e: { type: string; userId: string | null }) =>
            e.type === 'participant_joined' && e.userId === bhId,
        );
        return joined.length > 0 && r.body;
      });
      const bhRoles = new Set(
        ledger.events
          .filter((e: { userId: string | null }) => e.userId === bhId)
          .map((e: { role: string }) => e.role),
      );
      expect([...bhRoles]).toEqual(['bh_clinician']);
      expect(
        ledger.participants.find(
          (p: { participantId: string }) => p.participantId === bhId,
        )?.role,
      ).toBe('bh_clinician');

      // Twenty-five minutes talking with the PCP off the call: as a
      // psychiatrist's, 99447; as a BH clinician's, never a consultant code.
      const logged = await api(
        server.url,
        'POST',
        `/api/consults/${consultId}/time`,
        {
          token: bh.session.token,
          body: {
            activity: 'pcp_discussion',
            startedAt: new Date(Date.now() - 40 * 60_000).toISOString(),
            minutes: 25,
          },
        },
      );
      expect(logged.status).toBe(201);
      await request(bh.socket, 'call:end', { callId });

      const billing = await eventually(async () => {
        const r = await api(
          server.url,
          'GET',
          `/api/consults/${consultId}/billing`,
          { token: biller.token },
        );
        return r.status === 200 && r.body;
      });
      const codes = [
        ...billing.lines.map((l: { code: string }) => l.code),
        ...billing.preview.lines.map((l: { code: string }) => l.code),
      ];
      for (const code of PSYCHIATRIC_CONSULTANT_CODES)
        expect(codes).not.toContain(code);
      const why = billing.preview.notes.find(
        (n: { rule: string }) => n.rule === 'consultant.behavioral_health',
      );
      expect(why?.data.minutes).toBeGreaterThanOrEqual(25);
      expect(why?.message).toMatch(/not a psychiatric consultant/);
    } finally {
      bh.close();
      pcpSock.close();
    }
  });
});
