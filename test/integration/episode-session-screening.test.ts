import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { answersSumming } from '../support/screening-answers';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A session's screening is a real assessment: the clinician sends the
 * instrument's item answers, the server scores them, stores the append-only
 * assessment (answered by the clinician on the patient's behalf) and the
 * session pointing at it in one transaction, and the patient's screening
 * chart lists it. A refused session (bad answers, a typed total, past the
 * limit) leaves no assessment behind. On both stores.
 */
describe.each(STORE_KINDS)('episode session screenings on %s', (store) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ store });
  }, 60_000);
  afterAll(() => server?.close());

  const note = (screening?: unknown) => ({
    mode: 'video',
    minutes: 30,
    focus: 'Low mood',
    interventions: ['cbt_skills'],
    homework: '',
    riskLevel: 'low',
    ...(screening ? { screening } : {}),
  });
  const phq9 = (total: number) => ({
    instrument: 'phq9',
    // Item 9 at 0: no safety alert in this test.
    items: [...answersSumming(8, total, 3), 0],
  });

  it('stores the session screening as a scored assessment the chart shows', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const bh = await login(server.url, 'bh@demo.test');
    const { rows } = await server.services.db.query<{ id: string }>(
      `SELECT id FROM patients WHERE given_name = 'Lena'`,
    );
    const patientId = rows[0]!.id;
    const referred = await api(
      server.url,
      'POST',
      `/api/patients/${patientId}/episodes`,
      { token: pcp.token, body: { reason: 'Low mood' } },
    );
    expect(referred.status).toBe(201);
    const sessions = `/api/episodes/${referred.body.id}/sessions`;
    const post = (body: unknown) =>
      api(server.url, 'POST', sessions, { token: bh.token, body });
    const chart = async () =>
      (
        await api(server.url, 'GET', `/api/patients/${patientId}/assessments`, {
          token: bh.token,
        })
      ).body.assessments as {
        id: string;
        total: number;
        answeredBy: string;
        enteredBy: string;
      }[];
    const count = async (table: string) =>
      Number(
        (
          await server.services.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${table}`,
          )
        ).rows[0]!.n,
      );

    const first = await post(note(phq9(17)));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      number: 1,
      instrument: 'phq9',
      score: 17,
    });
    const assessmentId: string = first.body.assessmentId;
    const [stored] = (await chart()).filter((a) => a.id === assessmentId);
    expect(stored).toMatchObject({
      total: 17,
      answeredBy: 'clinician',
      enteredBy: bh.user.id,
    });

    // Refused before anything is written: a typed total, wrong answers.
    const before = {
      assessments: await count('assessments'),
      sessions: await count('bh_sessions'),
    };
    const typed = await post(
      note({ instrument: 'phq9', items: phq9(5).items, score: 5 }),
    );
    expect(typed.status).toBe(400);
    const short = await post(note({ instrument: 'phq9', items: [1, 1, 1] }));
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.error)).toMatch(/items/);
    const outOfRange = await post(
      note({ instrument: 'phq9', items: [4, 0, 0, 0, 0, 0, 0, 0, 0] }),
    );
    expect(outOfRange.status).toBe(400);
    expect(JSON.stringify(outOfRange.body.error)).toMatch(/items\[0\]/);
    expect(await count('assessments')).toBe(before.assessments);
    expect(await count('bh_sessions')).toBe(before.sessions);

    // Session 2 without a screening, session 3 with one: the last score.
    expect((await post(note())).status).toBe(201);
    const last = await post(note(phq9(9)));
    expect(last.status).toBe(201);
    expect(last.body.score).toBe(9);

    // A fourth session with a screening is refused (409), and its
    // assessment went with it: the answers were scored, nothing stored.
    const held = await count('assessments');
    const fourth = await post(note(phq9(4)));
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('episode_session_limit');
    expect(await count('assessments')).toBe(held);

    // The chart lists both session screenings, each linked to its session.
    const totals = (await chart())
      .filter((a) => a.answeredBy === 'clinician')
      .map((a) => a.total)
      .sort((a, b) => a - b);
    expect(totals).toEqual([9, 17]);
    const { rows: links } = await server.services.db.query<{
      number: number;
      total: number;
    }>(
      `SELECT s.number, a.total FROM bh_sessions s
         JOIN assessments a ON a.id = s.assessment_id
        WHERE s.episode_id = $1 ORDER BY s.number`,
      [referred.body.id],
    );
    expect(links).toEqual([
      { number: 1, total: 17 },
      { number: 3, total: 9 },
    ]);
  });
});
