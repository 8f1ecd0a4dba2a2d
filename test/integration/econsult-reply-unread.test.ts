import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { eventually } from '../support/eventually';
import { connectSocket, connected } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(120_000);

/**
 * A written eConsult's reply (the signed report, and each addendum) counts
 * in the requesting PCP's badge until they open it, beside the thread's
 * unread messages; nobody else's opening or badge is touched.
 */
describe('the unread written reply in the eConsult badge', () => {
  let server: RunningServer;
  let url: string;
  let socket: Socket | undefined;
  let pcp: string;
  let pcp2: string;
  let psych: string;
  let patientId: string;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    pcp = (await login(url, 'pcp@demo.test')).token;
    pcp2 = (await login(url, 'pcp2@demo.test')).token;
    psych = (await login(url, 'psych.child@demo.test')).token;
    patientId = await demoPatientId(server.services.db);
  });
  afterAll(async () => {
    socket?.close();
    await server.close();
  });

  const badge = async (token: string) => {
    const r = await api(url, 'GET', '/api/econsults/unread', { token });
    expect(r.status).toBe(200);
    return r.body as {
      total: number;
      byConsult: { consultId: string; unread: number }[];
    };
  };
  const openReport = async (token: string, id: string) => {
    const r = await api(url, 'GET', `/api/consults/${id}/report`, { token });
    expect(r.status).toBe(200);
  };

  it('counts the reply and its addendum until the PCP opens them', async () => {
    socket = connectSocket(url, pcp);
    const delivered: { consultId: string }[] = [];
    socket.on('report:delivered', (e) => delivered.push(e));
    await connected(socket);
    const before = (await badge(pcp)).total;
    const otherBefore = await badge(pcp2);

    const id = await fileEconsult(url, pcp, patientId);
    await api(url, 'POST', `/api/consults/${id}/claim`, { token: psych });
    const draft = await api(url, 'PUT', `/api/consults/${id}/report`, {
      token: psych,
      body: {
        question: 'Next step after a failed SSRI?',
        assessment: 'Partial response; adherent.',
        recommendations: 'Switch to fluoxetine 10 mg.',
        directEvaluationAdvised: false,
        disposition: 'advice_to_pcp',
      },
    });
    expect(draft.status).toBe(200);
    expect((await badge(pcp)).byConsult).not.toContainEqual(
      expect.objectContaining({ consultId: id }),
    );
    const signed = await api(url, 'POST', `/api/consults/${id}/report/sign`, {
      token: psych,
    });
    expect(signed.status).toBe(200);
    // The push the badge reloads on reaches the PCP.
    await eventually(() => delivered.some((d) => d.consultId === id));

    const unread = await badge(pcp);
    expect(unread.total).toBe(before + 1);
    expect(unread.byConsult).toContainEqual({ consultId: id, unread: 1 });
    // The psychiatrist, the other PCP of the practice reading the same
    // report, and the PCP reading the thread leave the reply unread.
    await openReport(psych, id);
    await openReport(pcp2, id);
    await api(url, 'GET', `/api/consults/${id}/messages`, { token: pcp });
    expect((await badge(pcp)).total).toBe(before + 1);
    expect(await badge(pcp2)).toEqual(otherBefore);

    await openReport(pcp, id);
    const read = await badge(pcp);
    expect(read.total).toBe(before);
    expect(read.byConsult).not.toContainEqual(
      expect.objectContaining({ consultId: id }),
    );

    // An addendum is delivered like the reply: unread again until opened.
    const addendum = await api(
      url,
      'POST',
      `/api/consults/${id}/report/addenda`,
      { token: psych, body: { body: 'Correction: start at 20 mg.' } },
    );
    expect(addendum.status).toBe(201);
    expect((await badge(pcp)).byConsult).toContainEqual({
      consultId: id,
      unread: 1,
    });
    await openReport(pcp, id);
    expect((await badge(pcp)).total).toBe(before);
    expect(await badge(pcp2)).toEqual(otherBefore);
  });
});
