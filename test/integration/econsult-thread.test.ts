import type { Socket } from 'socket.io-client';
import type { Clock } from '../../server/clock';
import type { RunningServer } from '../../server/main';
import { THREAD_SMS } from '../../server/econsults/thread-service';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { connectSocket, connected } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';
import { TwilioStandIn } from '../support/twilio-stand-in';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

describe('eConsult clarification thread', () => {
  let server: RunningServer;
  let url: string;
  const twilioApi = new TwilioStandIn();
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const sockets: Socket[] = [];
  let pcp: string;
  let psych: string;
  let patientId: string;

  beforeAll(async () => {
    await twilioApi.start();
    server = await startTestServer({ clock, env: twilioApi.env() });
    url = server.url;
    pcp = (await login(url, 'pcp@demo.test')).token;
    psych = (await login(url, 'psych.child@demo.test')).token;
    patientId = await demoPatientId(server.services.db);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
    await twilioApi.stop();
  });

  const pushes = async (token: string) => {
    const socket = connectSocket(url, token);
    sockets.push(socket);
    const got: any[] = [];
    socket.on('econsult:message', (e) => got.push(e));
    await connected(socket);
    return got;
  };
  const consult = async (id: string) =>
    (await api(url, 'GET', `/api/consults/${id}`, { token: pcp })).body.consult;
  const texts = () =>
    twilioApi.requests.filter((r) => r.path.endsWith('Messages.json'));

  it('asks, pauses the clock, pushes, badges, texts the opted-in PCP without the patient, answers and resumes', async () => {
    const pcpPushes = await pushes(pcp);
    const psychPushes = await pushes(psych);
    const optIn = await api(url, 'PUT', '/api/me/econsult-texts', {
      token: pcp,
      body: { optIn: true, phone: '+16175550123' },
    });
    expect(optIn.status).toBe(200);
    const id = await fileEconsult(url, pcp, patientId);
    expect(
      (await api(url, 'POST', `/api/consults/${id}/claim`, { token: psych }))
        .status,
    ).toBe(200);

    const asked = await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: psych,
      body: { body: 'Any history of mania in the family?' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.message.kind).toBe('question');
    expect((await consult(id)).status).toBe('awaiting_pcp');
    await eventually(() => pcpPushes.length === 1);
    expect(pcpPushes[0]).toEqual({
      consultId: id,
      messageId: asked.body.message.id,
      kind: 'question',
      unread: 1,
    });
    const badge = await api(url, 'GET', '/api/econsults/unread', {
      token: pcp,
    });
    expect(badge.body.total).toBe(1);
    await eventually(() => texts().length === 1);
    expect(texts()[0]!.params).toMatchObject({
      To: '+16175550123',
      Body: THREAD_SMS,
    });

    // Reading the thread clears the badge.
    const thread = await api(url, 'GET', `/api/consults/${id}/messages`, {
      token: pcp,
    });
    expect(thread.body.messages).toHaveLength(1);
    expect(
      (await api(url, 'GET', '/api/econsults/unread', { token: pcp })).body
        .total,
    ).toBe(0);

    // Two hours waiting on the PCP do not count against the reply target.
    offset += 2 * 3_600_000;
    pcp = (await login(url, 'pcp@demo.test')).token;
    psych = (await login(url, 'psych.child@demo.test')).token;
    const answered = await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: pcp,
      body: { body: 'Yes, an uncle with bipolar I.' },
    });
    expect(answered.status).toBe(200);
    const after = await consult(id);
    expect(after.status).toBe('claimed');
    expect(after.replyPausedSeconds).toBeGreaterThanOrEqual(7200);
    expect(after.replyPausedSeconds).toBeLessThan(7260);
    await eventually(() => psychPushes.length === 1);
    expect(psychPushes[0].kind).toBe('answer');
    // The psychiatrist did not opt in: still one text in all.
    expect(texts()).toHaveLength(1);

    const { rows } = await server.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_id = $1
         AND action IN ('econsult.question', 'econsult.answer') ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'econsult.question',
      'econsult.answer',
    ]);
  });

  it('refuses the thread to clinicians outside the eConsult, writing nothing', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    await api(url, 'POST', `/api/consults/${id}/claim`, { token: psych });
    const other = (await login(url, 'psych.addiction@demo.test')).token;
    const r = await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: other,
      body: { body: 'hello' },
    });
    expect(r.status).toBe(403);
    const pcp2 = (await login(url, 'pcp2@demo.test')).token;
    const r2 = await api(url, 'POST', `/api/consults/${id}/messages`, {
      token: pcp2,
      body: { body: 'hello' },
    });
    expect(r2.status).toBe(403);
    const { rows } = await server.services.db.query(
      'SELECT 1 FROM econsult_messages WHERE consult_id = $1',
      [id],
    );
    expect(rows).toHaveLength(0);
  });
});
