import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { eventually } from '../support/eventually';
import { connectSocket, connected } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(120_000);

describe('eConsult written reply, billing and conversion', () => {
  let server: RunningServer;
  let url: string;
  let socket: Socket;
  let pcp: string;
  let psych: string;
  let biller: string;
  let patientId: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    pcp = (await login(url, 'pcp@demo.test')).token;
    psych = (await login(url, 'psych.child@demo.test')).token;
    biller = (await login(url, 'biller@demo.test')).token;
    patientId = await demoPatientId(server.services.db);
  });
  afterAll(async () => {
    socket?.close();
    await server.close();
  });

  const logTime = (
    token: string,
    id: string,
    activity: string,
    minutes: number,
  ) =>
    api(url, 'POST', `/api/consults/${id}/time`, {
      token,
      body: {
        activity,
        startedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        minutes,
      },
    });

  it('the reply is the signed report: delivered live, coded 99451 and 99452 with reasons, then converted in one click', async () => {
    socket = connectSocket(url, pcp);
    const delivered: any[] = [];
    socket.on('report:delivered', (e) => delivered.push(e));
    await connected(socket);
    const id = await fileEconsult(url, pcp, patientId);
    await api(url, 'POST', `/api/consults/${id}/claim`, { token: psych });
    const draft = await api(url, 'PUT', `/api/consults/${id}/report`, {
      token: psych,
      body: {
        question: 'Next step after a failed SSRI?',
        assessment: 'Partial response; adherent.',
        recommendations: 'Switch to fluoxetine 10 mg.',
        directEvaluationAdvised: true,
        disposition: 'advice_to_pcp',
      },
    });
    expect(draft.status).toBe(200);
    // Waiting on the PCP: the reply cannot be signed yet.
    await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: psych,
      body: { body: 'Current dose?' },
    });
    const early = await api(url, 'POST', `/api/consults/${id}/report/sign`, {
      token: psych,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('econsult_not_ready_for_reply');
    await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: pcp,
      body: { body: '100 mg.' },
    });
    expect((await logTime(psych, id, 'chart_review', 3)).status).toBe(201);
    expect((await logTime(psych, id, 'report_writing', 6)).status).toBe(201);
    expect((await logTime(pcp, id, 'referral_prep', 16)).status).toBe(201);
    await api(url, 'POST', `/api/patients/${patientId}/consents`, {
      token: pcp,
      body: {
        kind: 'interprofessional',
        consultId: id,
        givenBy: 'patient',
        givenByName: 'Patient Name',
        costSharingNoticeGiven: true,
      },
    });
    const signed = await api(url, 'POST', `/api/consults/${id}/report/sign`, {
      token: psych,
    });
    expect(signed.status).toBe(200);
    await eventually(() => delivered.some((d) => d.consultId === id));
    const done = await api(url, 'GET', `/api/consults/${id}`, { token: pcp });
    expect(done.body.consult.status).toBe('completed');
    expect(done.body.transitions.at(-1).reason).toBe('written_reply');

    const billing = await api(url, 'GET', `/api/consults/${id}/billing`, {
      token: biller,
    });
    const byCode = Object.fromEntries(
      billing.body.lines.map((l: any) => [l.code, l]),
    );
    expect(byCode['99451']).toMatchObject({ minutes: 9 });
    expect(
      byCode['99451'].reasons.map((r: { rule: string }) => r.rule),
    ).toContain('code.written_only');
    expect(byCode['99452']).toMatchObject({ minutes: 16 });

    const converted = await api(url, 'POST', `/api/consults/${id}/convert`, {
      token: pcp,
      body: { to: 'direct_evaluation' },
    });
    expect(converted.status).toBe(201);
    expect(converted.body.consult).toMatchObject({
      consultType: 'direct_evaluation',
      convertedFrom: id,
      patientId,
      clinicalQuestion: 'Sertraline failed at 8 weeks: what next?',
    });
    const again = await api(url, 'POST', `/api/consults/${id}/convert`, {
      token: pcp,
      body: { to: 'direct_evaluation' },
    });
    expect(again.status).toBe(200);
    expect(again.body.consult.id).toBe(converted.body.consult.id);
    // The eConsult keeps its history, thread and reply.
    const kept = await api(url, 'GET', `/api/consults/${id}/messages`, {
      token: pcp,
    });
    expect(kept.body.messages).toHaveLength(2);
    const report = await api(url, 'GET', `/api/consults/${id}/report`, {
      token: pcp,
    });
    expect(report.body.status).toBe('signed');
  });

  it('refuses to convert an eConsult that has no reply yet', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    const r = await api(url, 'POST', `/api/consults/${id}/convert`, {
      token: pcp,
      body: { to: 'clinician_consult' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('not_convertible');
  });
});
