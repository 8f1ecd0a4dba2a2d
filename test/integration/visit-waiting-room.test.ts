import { STORE_KINDS } from '../support/databases';
import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import type { CallJoinResult } from '../../signaling/protocol/call-events';
import type { PushPayload } from '../../signaling/protocol/pushes';
import type { VisitView } from '../../signaling/protocol/rest/visits';
import {
  connectSocket,
  connected,
  nextEvent,
  refused,
  request,
} from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';
import {
  DEMO_ADULT,
  DEMO_MINOR,
  type ConsentTextsReply,
  checkInAdult,
  invite,
  visitNow,
} from '../support/visit-fixtures';

const peerSession = () =>
  `visit-test-${Math.random().toString(36).slice(2, 12)}`;

/** Everything a socket hears, to prove what it never heard. */
function recordAll(socket: Socket): { event: string; payload: unknown }[] {
  const heard: { event: string; payload: unknown }[] = [];
  socket.onAny((event, payload) => heard.push({ event, payload }));
  return heard;
}

async function consentAll(
  server: RunningServer,
  visitToken: string,
  language: 'en' | 'es',
  signer: { name: string; relationship?: string },
) {
  const texts = await api<ConsentTextsReply>(
    server.url,
    'GET',
    `/api/visit/consent-texts?language=${language}`,
    { token: visitToken },
  );
  return api(server.url, 'POST', '/api/visit/consent', {
    token: visitToken,
    body: {
      language,
      signerName: signer.name,
      signerRelationship: signer.relationship,
      consents: texts.body.texts.map((t) => ({
        kind: t.kind,
        version: t.version,
        sha256: t.sha256,
      })),
    },
  });
}

describe.each(STORE_KINDS)(
  'visit check-in, waiting room and admission (%s)',
  (store) => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startTestServer({ store });
    }, 120_000);
    afterAll(() => server?.close());

    it('walks an adult patient through identity, consent and the waiting room; the psychiatrist sees it live and admits', async () => {
      const v = await visitNow(server, DEMO_ADULT);
      const inv = await invite(server, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      const psySocket = connectSocket(server.url, v.psychiatrist.token);
      await connected(psySocket);
      const watched = await request<VisitView>(psySocket, 'visit:watch', {
        visitId: v.visitId,
      });
      expect(watched.ok && watched.data.participants).toEqual([
        expect.objectContaining({
          participantId: inv.participantId,
          state: 'invited',
        }),
      ]);

      const ex = await api(server.url, 'POST', '/api/visit/exchange', {
        body: { token: inv.token },
      });
      const visitToken = ex.body.visitToken as string;
      const patientSocket = connectSocket(server.url, visitToken);
      await connected(patientSocket);
      const heard = recordAll(patientSocket);

      // Not before identity and consent.
      const early = await api(server.url, 'POST', '/api/visit/waiting-room', {
        token: visitToken,
        body: {},
      });
      expect([
        early.status,
        early.body.error.code,
        early.body.error.details.blockers,
      ]).toEqual([
        409,
        'check_in_incomplete',
        ['identity_not_confirmed', 'telehealth_consent_missing'],
      ]);

      const wrong = await api(server.url, 'POST', '/api/visit/identity', {
        token: visitToken,
        body: {
          role: 'patient',
          givenName: 'Lena',
          familyName: 'Novak',
          birthDate: '1994-01-24',
        },
      });
      expect([
        wrong.status,
        wrong.body.error.code,
        wrong.body.error.details.attemptsLeft,
      ]).toEqual([422, 'identity_mismatch', 4]);
      const right = await api(server.url, 'POST', '/api/visit/identity', {
        token: visitToken,
        body: {
          role: 'patient',
          givenName: ' lena ',
          familyName: 'NOVÁK',
          birthDate: '1994-01-23',
        },
      });
      expect(right.status).toBe(200);
      expect(right.body).toMatchObject({
        identityConfirmed: true,
        consentsNeeded: ['telehealth'],
        patientIsMinor: false,
      });

      const texts = await api<ConsentTextsReply>(
        server.url,
        'GET',
        '/api/visit/consent-texts?language=es',
        { token: visitToken },
      );
      expect(texts.body.texts.map((t) => [t.kind, t.language])).toEqual([
        ['telehealth', 'es'],
      ]);
      const stale = await api(server.url, 'POST', '/api/visit/consent', {
        token: visitToken,
        body: {
          language: 'es',
          signerName: 'Lena Novak',
          consents: [
            {
              kind: 'telehealth',
              version: texts.body.texts[0]!.version,
              sha256: '0'.repeat(64),
            },
          ],
        },
      });
      expect([stale.status, stale.body.error.code]).toEqual([
        409,
        'consent_text_outdated',
      ]);
      expect(
        (await consentAll(server, visitToken, 'es', { name: 'Lena Novak' }))
          .status,
      ).toBe(200);
      const row = await server.services.db.query(
        `SELECT kind, text_version, text_language, text_sha256, signer_name FROM visit_consents WHERE participant_id = $1`,
        [inv.participantId],
      );
      expect(row.rows).toEqual([
        {
          kind: 'telehealth',
          text_version: texts.body.texts[0]!.version,
          text_language: 'es',
          text_sha256: texts.body.texts[0]!.sha256,
          signer_name: 'Lena Novak',
        },
      ]);

      const waitingSeen = nextEvent<PushPayload<'visit:lobby'>>(
        psySocket,
        'visit:lobby',
        5000,
        (e) => e.participants[0]?.state === 'waiting',
      );
      const wait = await api(server.url, 'POST', '/api/visit/waiting-room', {
        token: visitToken,
        body: { audioOnly: true },
      });
      expect(wait.body.state).toBe('waiting');
      expect((await waitingSeen).participants[0]).toMatchObject({
        displayName: 'Lena Novak',
        confirmedName: 'lena NOVÁK',
        audioOnly: true,
        blockers: [],
      });

      // Waiting: the call refuses them and tells them nothing about it.
      const early2 = await request<CallJoinResult>(patientSocket, 'call:join', {
        visitId: v.visitId,
        peerSession: peerSession(),
      });
      expect(early2.ok).toBe(false);

      const admitted = nextEvent<PushPayload<'visit:state'>>(
        patientSocket,
        'visit:state',
        5000,
        (s) => s.state === 'admitted',
      );
      const adm = await request<VisitView>(psySocket, 'visit:admit', {
        visitId: v.visitId,
        participantId: inv.participantId,
      });
      expect(adm.ok && adm.data.status).toBe('in_progress');
      expect(await admitted).toMatchObject({
        participantId: inv.participantId,
        state: 'admitted',
      });

      const joined = await request<CallJoinResult>(patientSocket, 'call:join', {
        visitId: v.visitId,
        peerSession: peerSession(),
      });
      expect(joined.ok).toBe(true);
      expect(joined.ok && joined.data.self).toMatchObject({
        participantId: inv.participantId,
        role: 'patient',
        displayName: 'lena (patient)',
      });

      // The visitor heard only about themself: no lobby, no other names.
      expect(
        heard.map((h) => h.event).filter((e) => e.startsWith('visit:')),
      ).not.toContain('visit:lobby');
      expect(JSON.stringify(heard)).not.toMatch(/Ortiz|Chen|displayName/);
      psySocket.close();
      patientSocket.close();
    });

    it('never lets a visitor watch a lobby or admit anyone, and never pushes another visit to a clinician who cannot run it', async () => {
      const v = await visitNow(server, DEMO_ADULT);
      const inv = await invite(server, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      const visitToken = await checkInAdult(server, inv.token);
      const s = connectSocket(server.url, visitToken);
      await connected(s);
      expect(
        await request(s, 'visit:watch', { visitId: v.visitId }),
      ).toMatchObject({ ok: false, error: { code: 'clinician_only' } });
      expect(
        await request(s, 'visit:admit', {
          visitId: v.visitId,
          participantId: inv.participantId,
        }),
      ).toMatchObject({ ok: false, error: { code: 'clinician_only' } });
      expect(await request(s, 'visit:my-state', {})).toMatchObject({
        ok: true,
        data: { state: 'waiting', participantId: inv.participantId },
      });
      const rest = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${inv.participantId}/admit`,
        { token: visitToken, body: {} },
      );
      expect(rest.status).toBe(401);

      const other = await login(server.url, 'psych.perinatal@demo.test');
      const os = connectSocket(server.url, other.token);
      await connected(os);
      expect(
        await request(os, 'visit:watch', { visitId: v.visitId }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden_visit' } });
      s.close();
      os.close();
    });

    it('admits a minor only after a parent or guardian consents, on a guardian link or the minor’s own', async () => {
      const v = await visitNow(server, DEMO_MINOR);
      const child = await invite(server, v, {
        role: 'patient',
        displayName: 'Maya Rivera',
        language: 'es',
      });
      const parent = await invite(server, v, {
        role: 'guardian',
        displayName: 'Ana Rivera',
        language: 'es',
      });

      const childToken = (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: child.token },
        })
      ).body.visitToken;
      await api(server.url, 'POST', '/api/visit/identity', {
        token: childToken,
        body: { role: 'patient', ...DEMO_MINOR },
      });
      const texts = await api<ConsentTextsReply>(
        server.url,
        'GET',
        '/api/visit/consent-texts?language=es',
        { token: childToken },
      );
      // The parent has a link of their own: the child is not shown the parent's box.
      expect(texts.body.texts.map((t) => t.kind)).toEqual(['telehealth']);
      // The child agrees to telehealth alone: may wait, may not be admitted.
      const tele = texts.body.texts.find((t) => t.kind === 'telehealth')!;
      await api(server.url, 'POST', '/api/visit/consent', {
        token: childToken,
        body: {
          language: 'es',
          signerName: 'Maya',
          consents: [
            { kind: 'telehealth', version: tele.version, sha256: tele.sha256 },
          ],
        },
      });
      expect(
        (
          await api(server.url, 'POST', '/api/visit/waiting-room', {
            token: childToken,
            body: {},
          })
        ).status,
      ).toBe(200);
      const refusedAdmit = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${child.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );
      expect([
        refusedAdmit.status,
        refusedAdmit.body.error.code,
        refusedAdmit.body.error.details.blockers,
      ]).toEqual([
        409,
        'not_ready_for_admission',
        ['guardian_consent_missing'],
      ]);

      // The parent joins on their own link: relationship and the child's birth date, then both consents.
      const parentToken = (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: parent.token },
        })
      ).body.visitToken;
      const badDob = await api(server.url, 'POST', '/api/visit/identity', {
        token: parentToken,
        body: {
          role: 'guardian',
          name: 'Ana Rivera',
          relationship: 'parent',
          patientBirthDate: '2011-04-03',
        },
      });
      expect(badDob.status).toBe(422);
      expect(
        (
          await api(server.url, 'POST', '/api/visit/identity', {
            token: parentToken,
            body: {
              role: 'guardian',
              name: 'Ana Rivera',
              relationship: 'parent',
              patientBirthDate: DEMO_MINOR.birthDate,
            },
          })
        ).status,
      ).toBe(200);
      expect(
        (await consentAll(server, parentToken, 'es', { name: 'Ana Rivera' }))
          .body.consentsNeeded,
      ).toEqual([]);
      // The child's page now says the guardian consented, and offers no guardian box.
      const childMe = await api(server.url, 'GET', '/api/visit/me', {
        token: childToken,
      });
      expect(childMe.body.guardianConsented).toBe(true);
      const rows = await server.services.db.query(
        `SELECT kind, signer_name, signer_relationship FROM visit_consents WHERE participant_id = $1 ORDER BY kind`,
        [parent.participantId],
      );
      expect(rows.rows).toEqual([
        {
          kind: 'guardian_for_minor',
          signer_name: 'Ana Rivera',
          signer_relationship: 'parent',
        },
        {
          kind: 'telehealth',
          signer_name: 'Ana Rivera',
          signer_relationship: 'parent',
        },
      ]);

      const ok = await api<VisitView>(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${child.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );
      expect(ok.status).toBe(200);
      expect(
        ok.body.participants.find(
          (p) => p.participantId === child.participantId,
        )?.state,
      ).toBe('admitted');
    });

    it('a parent on the minor’s own link can give the guardian consent there', async () => {
      const v = await visitNow(server, DEMO_MINOR);
      const child = await invite(server, v, {
        role: 'patient',
        displayName: 'Maya Rivera',
        language: 'es',
      });
      const token = (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: child.token },
        })
      ).body.visitToken;
      await api(server.url, 'POST', '/api/visit/identity', {
        token,
        body: { role: 'patient', ...DEMO_MINOR },
      });
      const noRelation = await consentAll(server, token, 'en', {
        name: 'Ana Rivera',
      });
      expect([
        noRelation.status,
        noRelation.body.error.details[0].field,
      ]).toEqual([400, 'signerRelationship']);
      expect(
        (
          await consentAll(server, token, 'en', {
            name: 'Ana Rivera',
            relationship: 'mother',
          })
        ).status,
      ).toBe(200);
      // The guardian text carried the cost-sharing notice: it is the consult's consent too.
      const consultConsents = await server.services.db.query(
        `SELECT kind, given_by, given_by_name, guardian_relationship, method, cost_sharing_notice_given
           FROM patient_consents WHERE consult_id = $1`,
        [v.consult.consultId],
      );
      expect(consultConsents.rows).toEqual([
        {
          kind: 'interprofessional',
          given_by: 'guardian',
          given_by_name: 'Ana Rivera',
          guardian_relationship: 'mother',
          method: 'written',
          cost_sharing_notice_given: true,
        },
      ]);
      await api(server.url, 'POST', '/api/visit/waiting-room', {
        token,
        body: {},
      });
      expect(
        (
          await api(
            server.url,
            'POST',
            `/api/visits/${v.visitId}/participants/${child.participantId}/admit`,
            { token: v.psychiatrist.token, body: {} },
          )
        ).status,
      ).toBe(200);
    });

    it('removing someone ends their token, their socket and their place in the call; five wrong identity answers lock the link', async () => {
      const v = await visitNow(server, DEMO_ADULT);
      const inv = await invite(server, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      const token = await checkInAdult(server, inv.token);
      const socket = connectSocket(server.url, token);
      await connected(socket);
      await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${inv.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );
      expect(
        (
          await request<CallJoinResult>(socket, 'call:join', {
            visitId: v.visitId,
            peerSession: peerSession(),
          })
        ).ok,
      ).toBe(true);

      const removedState = nextEvent<PushPayload<'visit:state'>>(
        socket,
        'visit:state',
        5000,
        (s) => s.state === 'removed',
      );
      const res = await api(
        server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${inv.participantId}/remove`,
        { token: v.psychiatrist.token, body: { reason: 'wrong_person' } },
      );
      expect(res.status).toBe(200);
      expect(await removedState).toMatchObject({
        state: 'removed',
        removedReason: 'wrong_person',
      });
      expect(
        (await api(server.url, 'GET', '/api/visit/me', { token })).body.error
          .code,
      ).toBe('visit_token_revoked');
      socket.close();
      expect((await refused(connectSocket(server.url, token))).data?.code).toBe(
        'visit_token_revoked',
      );
      const callRow = await server.services.db.query<{ state: string }>(
        `SELECT cp.state FROM call_participants cp JOIN calls c ON c.id = cp.call_id WHERE c.visit_id = $1 AND cp.participant_id = $2`,
        [v.visitId, inv.participantId],
      );
      expect(callRow.rows.map((r) => r.state)).toEqual(['left']);

      const other = await invite(server, v, {
        role: 'patient',
        displayName: 'Lena Novak',
      });
      const t2 = (
        await api(server.url, 'POST', '/api/visit/exchange', {
          body: { token: other.token },
        })
      ).body.visitToken;
      const codes: string[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (
            await api(server.url, 'POST', '/api/visit/identity', {
              token: t2,
              body: {
                role: 'patient',
                givenName: 'X',
                familyName: 'Y',
                birthDate: '2000-01-01',
              },
            })
          ).body.error.code,
        );
      expect(codes).toEqual([
        'identity_mismatch',
        'identity_mismatch',
        'identity_mismatch',
        'identity_mismatch',
        'identity_check_locked',
      ]);
      expect(
        (await api(server.url, 'GET', '/api/visit/me', { token: t2 })).status,
      ).toBe(401);
    });
  },
);
