import type { RunningServer } from '../../server/main';
import { demoPatientId, fileEconsult } from '../support/econsult-fixtures';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(120_000);

/**
 * Issue 20: `GET /api/program/kpis` gives the median claim and reply times
 * of written eConsults, from the rows. Three eConsults filed at 10:00 on a
 * known day (the server's clock moved by the test) are claimed after 10, 30
 * and 50 minutes and answered after 90, 150 (of which 20 waiting on the PCP)
 * and 240 minutes; a fourth is never claimed. Medians: claim 30, reply 130.
 */
describe('eConsult claim and reply medians on the KPI page', () => {
  let server: RunningServer;
  // Now, on the minute: the session tokens live on the server's clock.
  const base = Math.floor(Date.now() / 60_000) * 60_000;
  let offsetMin = 0;
  const clock = { now: () => new Date(base + offsetMin * 60_000) };
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.close());

  it('reports the median minutes to claim and to reply, with the counts', async () => {
    const url = server.url;
    // A fresh sign-in at each step: the moved clock outlives a token.
    const token = async (email: string) => (await login(url, email)).token;
    const pcp = await token('pcp@demo.test');
    const patientId = await demoPatientId(server.services.db);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(await fileEconsult(url, pcp, patientId));
    const at = (minutes: number) => {
      offsetMin = minutes;
    };
    const ok = async (p: Promise<{ status: number; body: any }>) => {
      const r = await p;
      if (r.status >= 300)
        throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r;
    };
    const claim = async (id: string) =>
      ok(
        api(url, 'POST', `/api/consults/${id}/claim`, {
          token: await token('psych.child@demo.test'),
        }),
      );
    const reply = async (id: string) => {
      const psych = await token('psych.child@demo.test');
      await ok(
        api(url, 'PUT', `/api/consults/${id}/report`, {
          token: psych,
          body: {
            question: 'Next step?',
            assessment: 'Partial response.',
            recommendations: 'Switch to fluoxetine 10 mg.',
            directEvaluationAdvised: false,
            disposition: 'advice_to_pcp',
          },
        }),
      );
      await ok(
        api(url, 'POST', `/api/consults/${id}/report/sign`, { token: psych }),
      );
    };
    at(10);
    await claim(ids[0]!);
    at(30);
    await claim(ids[1]!);
    at(50);
    await claim(ids[2]!);
    at(60);
    await ok(
      api(url, 'POST', `/api/consults/${ids[1]}/messages`, {
        token: await token('psych.child@demo.test'),
        body: { body: 'Current dose?' },
      }),
    );
    at(80);
    await ok(
      api(url, 'POST', `/api/consults/${ids[1]}/messages`, {
        token: await token('pcp@demo.test'),
        body: { body: '100 mg.' },
      }),
    );
    at(90);
    await reply(ids[0]!);
    at(150);
    await reply(ids[1]!);
    at(240);
    await reply(ids[2]!);

    // The day it all happened, in the program's zone (a week around it).
    const day = (d: number) =>
      new Date(base + d * 86_400_000).toISOString().slice(0, 10);
    const r = await api(
      url,
      'GET',
      `/api/program/kpis?from=${day(-3)}&to=${day(3)}`,
      { token: await token('admin@demo.test') },
    );
    expect(r.status).toBe(200);
    const section = r.body.sections.find((s: any) => s.key === 'econsults');
    const n = (k: string) => section.figures[k]?.numerator;
    // Printed for docs/econsults.md.
    console.log(
      JSON.stringify({
        filed: n('filed'),
        claimed: n('claimed'),
        answered: n('answered'),
        medianMinutesToClaim: n('medianMinutesToClaim'),
        medianMinutesToReply: n('medianMinutesToReply'),
      }),
    );
    expect(section.status).toBe('collected');
    expect([n('filed'), n('claimed'), n('answered'), n('expired')]).toEqual([
      4, 3, 3, 0,
    ]);
    expect(n('medianMinutesToClaim')).toBe(30);
    expect(n('medianMinutesToReply')).toBe(130);
  });
});
