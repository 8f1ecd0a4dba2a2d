import type { BillingLineJson } from '../../server/billing/billing-json';
import type { RunningServer } from '../../server/main';
import { fhirValidator } from '../support/fhir-validator';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';
import { TwilioStandIn, twilioWebhook } from '../support/twilio-stand-in';
import { endAndAttest, joinVisitCall } from '../support/visit-calls';
import {
  DEMO_ADULT,
  checkInAdult,
  invite,
  visitNow,
  type VisitSetup,
} from '../support/visit-fixtures';

/**
 * The psychiatrist's direct evaluation through the real product: a visit,
 * its invitees on video (socket.io call) or phone (dial-outs through the
 * Twilio stand-in, status callbacks signed), server time moved forward, the
 * visit ended, the psychiatrist's attestation: the visit bills as a
 * telehealth line, exported to CSV and FHIR with place of service and modifiers.
 */
const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
};
const MINUTE = 60_000;

/** Server time moves past access-token lifetimes: people sign in again, as they would. */
const signIn = (server: RunningServer, email: string) =>
  login(server.url, email);

/** The parts of an exported FHIR ChargeItem these tests read. */
interface ChargeItem {
  identifier: { value: string }[];
  code: { coding: { code: string }[] };
  extension: { url: string; valueCoding: { code: string } }[];
}

describe('a virtual visit, call legs to telehealth line and export', () => {
  let server: RunningServer;
  let biller: Session;
  const twilioApi = new TwilioStandIn();
  beforeAll(async () => {
    await twilioApi.start();
    server = await startTestServer({
      store: 'postgres',
      // Our own TURN credentials, so joining a call does not ask Twilio (the stand-in) for ICE servers.
      env: {
        ...twilioApi.env(),
        TURN_URLS: 'turn:127.0.0.1:3478',
        TURN_SECRET: 'test-turn-secret-0123456789',
      },
      clock,
    });
    biller = await login(server.url, 'biller@demo.test');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await twilioApi.stop();
  });

  /** Rings an invitee's phone into the visit; the callback says it was answered. */
  async function phoneIn(v: VisitSetup, participantId: string) {
    const placed = await api(
      server.url,
      'POST',
      `/api/visits/${v.visitId}/dial-out`,
      { token: v.psychiatrist.token, body: { participantId } },
    );
    expect(placed.status).toBe(201);
    const callSid = placed.body.callSid as string;
    await callStatus(callSid, 'in-progress');
    return callSid;
  }
  const callStatus = async (CallSid: string, CallStatus: string) =>
    expect(
      (
        await twilioWebhook(server.url, '/api/twilio/voice/call-status', {
          CallSid,
          CallStatus,
        })
      ).status,
    ).toBe(204);

  const joinCall = (token: string, visitId: string, peer: string) =>
    joinVisitCall(server, token, visitId, peer);
  const attest = (v: VisitSetup, body: Record<string, unknown>) =>
    endAndAttest(server, v, body);

  async function visitLines(visitId: string) {
    biller = await signIn(server, 'biller@demo.test');
    const res = await api<{ lines: BillingLineJson[] }>(
      server.url,
      'GET',
      `/api/billing/lines?from=${day(-2)}&to=${day(2)}`,
      { token: biller.token },
    );
    expect(res.status).toBe(200);
    return res.body.lines.filter((l) =>
      l.lineKey.startsWith(`visit:${visitId}`),
    );
  }
  const day = (offset: number) =>
    new Date(clock.now().getTime() + offset * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const rules = (line: BillingLineJson) =>
    Object.fromEntries(line.reasons.map((r) => [r.rule, r.outcome]));

  let videoVisit: VisitSetup;
  let phoneVisit: VisitSetup;

  it('guardian by phone only, patient by video: audio-video (95), POS 10 from the check-in answer confirmed', async () => {
    const v = (videoVisit = await visitNow(server, DEMO_ADULT));
    const patient = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
    });
    const guardian = await invite(server, v, {
      role: 'guardian',
      displayName: 'Parent',
      phone: '+15555550131',
    });
    const visitToken = await checkInAdult(server, patient.token, false);
    const answer = await api(server.url, 'POST', '/api/visit/location', {
      token: visitToken,
      body: { location: 'home' },
    });
    expect([answer.status, answer.body]).toEqual([200, { location: 'home' }]);
    const bad = await api(server.url, 'POST', '/api/visit/location', {
      token: visitToken,
      body: { location: 'moon' },
    });
    expect([bad.status, bad.body.error.code]).toEqual([
      400,
      'validation_failed',
    ]);
    expect(
      (
        await api(
          server.url,
          'POST',
          `/api/visits/${v.visitId}/participants/${patient.participantId}/admit`,
          { token: v.psychiatrist.token, body: {} },
        )
      ).status,
    ).toBe(200);
    const psySocket = await joinCall(
      v.psychiatrist.token,
      v.visitId,
      'psych-session-1',
    );
    const patSocket = await joinCall(
      visitToken,
      v.visitId,
      'patient-session-1',
    );
    const guardianSid = await phoneIn(v, guardian.participantId);
    try {
      clock.offsetMs += 31 * MINUTE + 5_000;
      await callStatus(guardianSid, 'completed');
      await attest(v, {
        patientLocation: 'home',
        service: 'evaluation_management',
      });
    } finally {
      psySocket.close();
      patSocket.close();
    }
    const [line, ...more] = await visitLines(v.visitId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      lineKey: `visit:${v.visitId}`,
      consultId: v.consult.consultId,
      code: '98001',
      minutes: 31,
      placeOfService: '10',
      modifiers: ['95'],
      status: 'ready',
      billingClinicianId: v.psychiatrist.user.id,
    });
    expect(rules(line!)).toMatchObject({
      'time.visit': 'counted',
      'modality.audio_video': 'allowed',
      'location.confirmed': 'allowed',
      'patient.new': 'allowed',
      'consent.visit_telehealth': 'allowed',
      'visit.ended': 'allowed',
    });
    const legs = line!.reasons.find((r) => r.rule === 'time.visit')?.data?.legs;
    expect(legs).toEqual(
      expect.arrayContaining([
        { owner: 'patient', via: 'web', medium: 'audio_video' },
        { owner: 'guardian', via: 'phone', medium: 'audio_only' },
      ]),
    );
    // The visit's call is the direct evaluation, never consult discussion time.
    const consultLines = await api<{ lines: Partial<BillingLineJson>[] }>(
      server.url,
      'GET',
      `/api/consults/${v.consult.consultId}/billing`,
      { token: biller.token },
    );
    expect(
      consultLines.body.lines.filter((l) => l.lineKey?.startsWith('ip:')),
    ).toEqual([]);
  }, 60_000);

  it('every patient leg by phone: audio only (93), POS 02, 90791 with 90785 for a guardian interfering', async () => {
    const v = (phoneVisit = await visitNow(server, DEMO_ADULT));
    const patient = await invite(server, v, {
      role: 'patient',
      displayName: 'Lena Novak',
      phone: '+15555550132',
    });
    const consent = await api(
      server.url,
      'POST',
      `/api/patients/${v.consult.patientId}/consents`,
      {
        token: v.psychiatrist.token,
        body: {
          kind: 'telehealth',
          givenBy: 'patient',
          costSharingNoticeGiven: false,
        },
      },
    );
    expect(consent.status).toBe(201);
    const psySocket = await joinCall(
      v.psychiatrist.token,
      v.visitId,
      'psych-session-2',
    );
    try {
      const first = await phoneIn(v, patient.participantId);
      clock.offsetMs += 10 * MINUTE;
      await callStatus(first, 'completed');
      // The line dropped; the psychiatrist rings the patient again.
      v.psychiatrist = await signIn(server, 'psych.child@demo.test');
      const second = await phoneIn(v, patient.participantId);
      clock.offsetMs += 12 * MINUTE;
      await callStatus(second, 'completed');
      // No patient leg yet coded while the visit runs: nothing is ready to bill.
      expect(
        (await visitLines(v.visitId)).filter((l) => l.status === 'ready'),
      ).toEqual([]);
      await attest(v, {
        patientLocation: 'elsewhere',
        service: 'diagnostic_evaluation',
        interactiveComplexity: ['guardian_interference'],
      });
    } finally {
      psySocket.close();
    }
    const lines = await visitLines(v.visitId);
    expect(
      lines.map((l) => [
        l.code,
        l.placeOfService,
        l.modifiers,
        l.minutes,
        l.status,
      ]),
    ).toEqual([
      ['90791', '02', ['93'], 22, 'ready'],
      ['90785', '02', ['93'], 22, 'ready'],
    ]);
    expect(lines[0]!.consentId).toBe(consent.body.id);
    expect(rules(lines[0]!)['modality.audio_only']).toBe('allowed');
  }, 60_000);

  it('a psychiatrist who does not give the service cannot attest it; bad bodies are refused whole', async () => {
    const other = await signIn(server, 'psych.perinatal@demo.test');
    phoneVisit.psychiatrist = await signIn(server, 'psych.child@demo.test');
    const bad = await api(
      server.url,
      'POST',
      `/api/visits/${phoneVisit.visitId}/billing-attestation`,
      {
        token: phoneVisit.psychiatrist.token,
        body: { patientLocation: 'home', service: 'surgery' },
      },
    );
    expect([bad.status, bad.body.error.code]).toEqual([
      400,
      'validation_failed',
    ]);
    const refused = await api(
      server.url,
      'POST',
      `/api/visits/${phoneVisit.visitId}/billing-attestation`,
      {
        token: other.token,
        body: { patientLocation: 'home', service: 'evaluation_management' },
      },
    );
    expect(refused.status).toBe(403);
    const codes = (await visitLines(phoneVisit.visitId)).map((l) => l.code);
    expect(codes).toEqual(['90791', '90785']);
  });

  it('exports the visit lines to CSV and FHIR with place of service and modifiers', async () => {
    const [line] = await visitLines(videoVisit.visitId);
    const period = line!.dateOfService.slice(0, 7);
    biller = await signIn(server, 'biller@demo.test');
    const exportFile = async (format: 'csv' | 'fhir') => {
      const exp = await api(server.url, 'POST', '/api/billing/exports', {
        token: biller.token,
        body: { period, format },
      });
      expect(exp.status).toBe(201);
      const file = await api(
        server.url,
        'GET',
        `/api/billing/exports/${exp.body.id}/file`,
        { token: biller.token },
      );
      expect(file.status).toBe(200);
      return file.body;
    };
    const csv = String(await exportFile('csv'));
    const [header, ...rows] = csv.trim().split('\r\n');
    const cols = header!.split(',');
    const cell = (row: string, name: string) =>
      row.split(',')[cols.indexOf(name)];
    const byKey = new Map(rows.map((r) => [cell(r, 'line_key'), r]));
    const video = byKey.get(`visit:${videoVisit.visitId}`)!;
    const phone = byKey.get(`visit:${phoneVisit.visitId}`)!;
    const addOn = byKey.get(`visit:${phoneVisit.visitId}:complexity`)!;
    expect(
      [video, phone, addOn].map((r) => [
        cell(r, 'code'),
        cell(r, 'place_of_service'),
        cell(r, 'modifiers'),
      ]),
    ).toEqual([
      ['98001', '10', '95'],
      ['90791', '02', '93'],
      ['90785', '02', '93'],
    ]);

    const body = await exportFile('fhir');
    const bundle: { entry: { resource: ChargeItem }[] } =
      typeof body === 'string' ? JSON.parse(body) : body;
    expect(fhirValidator('Bundle', ['ChargeItem'])(bundle)).toEqual([]);
    const item = (key: string) =>
      bundle.entry
        .map((e) => e.resource)
        .find((r) => r.identifier[0]?.value === key);
    const ext = (r: ChargeItem, name: string) =>
      r.extension
        .filter((e) => e.url.endsWith(`/${name}`))
        .map((e) => e.valueCoding.code);
    const v = item(`visit:${videoVisit.visitId}`)!;
    const p = item(`visit:${phoneVisit.visitId}`)!;
    expect(v.code.coding[0]?.code).toBe('98001');
    expect([ext(v, 'place-of-service'), ext(v, 'cpt-modifier')]).toEqual([
      ['10'],
      ['95'],
    ]);
    expect([ext(p, 'place-of-service'), ext(p, 'cpt-modifier')]).toEqual([
      ['02'],
      ['93'],
    ]);
  }, 90_000);
});
