import { createHash } from 'node:crypto';
import {
  AccessToken,
  ParticipantInfo,
  Room,
  WebhookEvent,
} from 'livekit-server-sdk';
import type { RunningServer } from '../../server/main';
import { livekitRoomName } from '../../server/media/livekit/livekit-room-name';
import { STORE_KINDS, type StoreKind } from '../support/databases';
import { LivekitStandIn } from '../support/livekit-stand-in';
import { api, startTestServer } from '../support/test-server';
import { eventually } from './queue-kit';

/** Signs a webhook body exactly as the LiveKit server does: a JWT whose sha256 claim is the body's hash. */
async function sign(
  body: string,
  apiKey: string,
  apiSecret: string,
): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

/** The JSON body LiveKit posts (the SDK's WebhookEvent resets `event` in its constructor, so it is set after). */
function webhookJson(
  name: string,
  fields: ConstructorParameters<typeof WebhookEvent>[0],
): string {
  const e = new WebhookEvent(fields);
  e.event = name as WebhookEvent['event'];
  return e.toJsonString();
}

/** A consult and an open LiveKit call on the seeded demo program. */
async function openCall(
  server: RunningServer,
): Promise<{ callId: string; psychiatristId: string }> {
  const q = async (sql: string, params: unknown[] = []) =>
    (await server.services.db.query<Record<string, string>>(sql, params))
      .rows[0]!;
  const pcp = await q(
    `SELECT id, program_id, practice_id FROM users WHERE email = 'pcp@demo.test'`,
  );
  const psych = await q(
    `SELECT id FROM users WHERE email = 'psych.child@demo.test'`,
  );
  const patient = await q(
    `SELECT id FROM patients WHERE practice_id = $1 LIMIT 1`,
    [pcp.practice_id],
  );
  const consult = await q(
    `INSERT INTO consults (program_id, practice_id, patient_id, requested_by, status, consult_type, reason_categories, clinical_question, urgency, specialty, callback_method)
     VALUES ($1, $2, $3, $4, 'requested', 'clinician_consult', ARRAY['anxiety'], 'q', 'routine', 'child_adolescent', 'video') RETURNING id`,
    [pcp.program_id, pcp.practice_id, patient.id, pcp.id],
  );
  const call = await q(
    `INSERT INTO calls (consult_id, media_backend) VALUES ($1, 'livekit') RETURNING id`,
    [consult.id],
  );
  return { callId: call.id!, psychiatristId: psych.id! };
}

describe.each(STORE_KINDS)(
  'LiveKit webhooks into the call-event log (%s)',
  (store: StoreKind) => {
    let lk: LivekitStandIn;
    let server: RunningServer;
    let callId: string;
    let psychiatristId: string;

    beforeAll(async () => {
      lk = await new LivekitStandIn().start();
      server = await startTestServer({
        store,
        env: {
          MEDIA_BACKEND: 'livekit',
          LIVEKIT_URL: lk.url,
          LIVEKIT_API_KEY: lk.apiKey,
          LIVEKIT_API_SECRET: lk.apiSecret,
        },
      });
      ({ callId, psychiatristId } = await openCall(server));
    });
    afterAll(async () => {
      await server.close();
      await lk.stop();
    });

    const event = (
      id: string,
      name: string,
      participant?: { identity: string; role: string },
    ) =>
      webhookJson(name, {
        id,
        createdAt: 1_760_000_000n,
        room: new Room({ name: livekitRoomName(callId), sid: 'RM_test' }),
        participant: participant
          ? new ParticipantInfo({
              identity: participant.identity,
              sid: 'PA_test',
              attributes: { role: participant.role },
            })
          : undefined,
      });

    const post = async (body: string, authorization?: string) =>
      api(server.url, 'POST', '/api/media/livekit/webhook', {
        body,
        headers: {
          'content-type': 'application/webhook+json',
          ...(authorization ? { authorization } : {}),
        },
      });

    const rows = () =>
      server.services.db
        .query<{
          type: string;
          participant_id: string | null;
          user_id: string | null;
          participant_role: string | null;
          source: string;
          details: { webhookId: string };
        }>(
          `SELECT type, participant_id, user_id, participant_role, source, details FROM call_events WHERE call_id = $1 ORDER BY id`,
          [callId],
        )
        .then((r) => r.rows);

    it('records a verified participant_joined as media_connected from livekit, linked to the staff user', async () => {
      const body = event('EV_join_1', 'participant_joined', {
        identity: psychiatristId,
        role: 'psychiatrist',
      });
      const res = await post(body, await sign(body, lk.apiKey, lk.apiSecret));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        outcome: 'recorded',
        type: 'media_connected',
        callId,
      });
      expect(await rows()).toEqual([
        {
          type: 'media_connected',
          participant_id: psychiatristId,
          user_id: psychiatristId,
          participant_role: 'psychiatrist',
          source: 'livekit',
          details: expect.objectContaining({ webhookId: 'EV_join_1' }),
        },
      ]);
    });

    it('marks a present participant as having media and moves an accepted consult in call, without a second ledger row', async () => {
      const q = async (sql: string, params: unknown[] = []) =>
        (await server.services.db.query<Record<string, string>>(sql, params))
          .rows[0]!;
      const first = await q(`SELECT consult_id FROM calls WHERE id = $1`, [
        callId,
      ]);
      const c = await q(
        `INSERT INTO consults (program_id, practice_id, patient_id, requested_by, status, consult_type, reason_categories, clinical_question, urgency, specialty, callback_method, assigned_psychiatrist_id, accepted_at)
       SELECT program_id, practice_id, patient_id, requested_by, 'accepted', consult_type, reason_categories, clinical_question, urgency, specialty, callback_method, $2, now()
         FROM consults WHERE id = $1 RETURNING id`,
        [first.consult_id, psychiatristId],
      );
      const call = await q(
        `INSERT INTO calls (consult_id, media_backend) VALUES ($1, 'livekit') RETURNING id`,
        [c.id],
      );
      await q(
        `INSERT INTO call_participants (call_id, participant_id, user_id, role, display_name, state, peer_session, joined_at, state_since)
       VALUES ($1, $2::text, $2::uuid, 'psychiatrist', 'Dr. Test', 'present', 'peer-1', now(), now()) RETURNING call_id`,
        [call.id, psychiatristId],
      );
      const body = webhookJson('participant_joined', {
        id: 'EV_join_present',
        createdAt: 1_760_000_001n,
        room: new Room({ name: livekitRoomName(call.id!), sid: 'RM_test2' }),
        participant: new ParticipantInfo({
          identity: psychiatristId,
          sid: 'PA_test2',
          attributes: { role: 'psychiatrist' },
        }),
      });
      expect(
        (await post(body, await sign(body, lk.apiKey, lk.apiSecret))).body,
      ).toEqual({
        outcome: 'recorded',
        type: 'media_connected',
        callId: call.id,
      });
      await eventually(
        async () =>
          (await q(`SELECT status FROM consults WHERE id = $1`, [c.id]))
            .status === 'in_call',
        5000,
        'consult in call',
      );
      expect(
        await q(
          `SELECT media_connected FROM call_participants WHERE call_id = $1`,
          [call.id],
        ),
      ).toEqual({ media_connected: true });
      expect(
        await q(
          `SELECT count(*)::int AS n FROM call_events WHERE call_id = $1 AND type = 'media_connected'`,
          [call.id],
        ),
      ).toEqual({ n: 1 });
    });

    it('writes a redelivered webhook once', async () => {
      const body = event('EV_join_1', 'participant_joined', {
        identity: psychiatristId,
        role: 'psychiatrist',
      });
      const res = await post(body, await sign(body, lk.apiKey, lk.apiSecret));
      expect(res.body).toEqual({ outcome: 'duplicate', callId });
      expect(
        (await rows()).filter((r) => r.details.webhookId === 'EV_join_1'),
      ).toHaveLength(1);
    });

    it('records a visitor leaving without a user link, and the room finishing', async () => {
      for (const [id, name, p] of [
        [
          'EV_left_2',
          'participant_left',
          { identity: 'visit-participant-7', role: 'patient' },
        ],
        ['EV_room_3', 'room_finished', undefined],
      ] as const) {
        const body = event(id, name, p);
        expect(
          (await post(body, await sign(body, lk.apiKey, lk.apiSecret))).status,
        ).toBe(200);
      }
      const got = await rows();
      expect(got.slice(-2)).toEqual([
        expect.objectContaining({
          type: 'participant_left',
          participant_id: 'visit-participant-7',
          user_id: null,
          participant_role: 'patient',
        }),
        expect.objectContaining({
          type: 'media_room_finished',
          participant_id: null,
          source: 'livekit',
        }),
      ]);
    });

    it('refuses a tampered body, a foreign signature and a missing one, and audits the refusal', async () => {
      const before = (await rows()).length;
      const body = event('EV_tamper_4', 'participant_left', {
        identity: psychiatristId,
        role: 'psychiatrist',
      });
      const token = await sign(body, lk.apiKey, lk.apiSecret);
      const tampered = body.replace('participant_left', 'participant_joined');
      for (const [b, auth] of [
        [tampered, token],
        [
          body,
          await sign(body, lk.apiKey, 'someone-elses-secret-someone-elses-0'),
        ],
        [body, undefined],
      ] as const) {
        const res = await post(b, auth);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('webhook_signature_invalid');
      }
      expect((await rows()).length).toBe(before);
      const audit = await server.services.db.query(
        `SELECT 1 FROM audit_log WHERE action = 'livekit.webhook_refused' AND outcome = 'denied'`,
      );
      expect(audit.rowCount).toBe(3);
    });

    it('acknowledges but ignores rooms that are not ours and calls it does not know', async () => {
      const foreign = webhookJson('participant_joined', {
        id: 'EV_5',
        room: new Room({ name: 'another-app' }),
        participant: new ParticipantInfo({ identity: 'x' }),
      });
      expect(
        (await post(foreign, await sign(foreign, lk.apiKey, lk.apiSecret)))
          .body,
      ).toEqual({ outcome: 'ignored', reason: 'not_our_room' });
      const unknown = webhookJson('room_started', {
        id: 'EV_6',
        room: new Room({
          name: livekitRoomName('00000000-0000-4000-8000-000000000000'),
        }),
      });
      expect(
        (await post(unknown, await sign(unknown, lk.apiKey, lk.apiSecret)))
          .body,
      ).toEqual({ outcome: 'ignored', reason: 'unknown_call' });
    });
  },
);

describe('LiveKit webhook on a deployment that does not use LiveKit', () => {
  it('answers 404 livekit_not_configured', async () => {
    const server = await startTestServer();
    try {
      const res = await api(server.url, 'POST', '/api/media/livekit/webhook', {
        body: '{}',
        headers: { authorization: 'x' },
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('livekit_not_configured');
    } finally {
      await server.close();
    }
  });
});
