import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Spending a self-report link and storing its answers are one transaction
 * on both stores: a real failure after the spend (the safety alert's insert,
 * the last write, refused by a trigger this test adds to the database) leaves
 * the link unspent, no assessment and no alert, so the person can send the
 * same answers again; the retry stores exactly one assessment and one alert
 * and spends the link.
 */
describe.each(STORE_KINDS)('self-report spend and store on %s', (store) => {
  let server: RunningServer;
  let pcp: string;
  let lena: string;

  beforeAll(async () => {
    server = await startTestServer({ store });
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{ id: string }>(
      "SELECT id FROM patients WHERE given_name = 'Lena'",
    );
    lena = rows[0]!.id;
  }, 120_000);
  afterAll(() => server.close());

  const db = () => server.services.db;
  const linkState = async (id: string) =>
    (
      await db().query<{ spent: boolean; assessment_id: string | null }>(
        `SELECT spent_at IS NOT NULL AS spent, assessment_id
           FROM screening_links WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  const counts = async () =>
    (
      await db().query<{ assessments: number; alerts: number }>(
        `SELECT (SELECT count(*)::int FROM assessments
                  WHERE patient_id = $1) AS assessments,
                (SELECT count(*)::int FROM safety_alerts
                  WHERE patient_id = $1) AS alerts`,
        [lena],
      )
    ).rows[0]!;

  it('a failure after the spend leaves the link unspent; the retry stores one', async () => {
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/screening-links`,
      {
        token: pcp,
        body: {
          instrument: 'phq9',
          delivery: 'qr',
          respondent: 'patient',
          language: 'en',
        },
      },
    );
    expect(made.status).toBe(201);
    const token = new URL(made.body.url).hash.slice(1);
    const before = await counts();
    // Item 9 positive: the submit writes the spend, the assessment, its
    // audit row and a safety alert.
    const items = [1, 1, 0, 0, 0, 0, 0, 0, 1, 0];

    await db().exec(`
      CREATE FUNCTION test_refuse_alert() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'test: the store failed after the spend'; END $$;
      CREATE TRIGGER test_refuse_alert BEFORE INSERT ON safety_alerts
        FOR EACH ROW EXECUTE FUNCTION test_refuse_alert();`);
    let failed: Awaited<ReturnType<typeof api>>;
    try {
      failed = await api(server.url, 'POST', '/api/self-report/answers', {
        body: { token, items },
      });
    } finally {
      await db().exec(`
        DROP TRIGGER test_refuse_alert ON safety_alerts;
        DROP FUNCTION test_refuse_alert();`);
    }
    expect(failed.status).toBe(500);
    expect(await linkState(made.body.id)).toEqual({
      spent: false,
      assessment_id: null,
    });
    expect(await counts()).toEqual(before);
    const form = await api(server.url, 'POST', '/api/self-report/form', {
      body: { token },
    });
    expect(form.status).toBe(200);

    const sent = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items },
    });
    expect(sent.body).toEqual({ thankYou: true, crisisResources: true });
    expect(await counts()).toEqual({
      assessments: before.assessments + 1,
      alerts: before.alerts + 1,
    });
    const spent = await linkState(made.body.id);
    expect(spent.spent).toBe(true);
    const stored = await db().query<{ id: string; total: number }>(
      'SELECT id, total FROM assessments WHERE id = $1',
      [spent.assessment_id],
    );
    expect(stored.rows).toEqual([{ id: spent.assessment_id, total: 3 }]);

    const again = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items },
    });
    expect(again.status).toBe(410);
    expect((await counts()).assessments).toBe(before.assessments + 1);
  });

  it('two submits at once store one assessment', async () => {
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/screening-links`,
      {
        token: pcp,
        body: {
          instrument: 'gad7',
          delivery: 'qr',
          respondent: 'patient',
          language: 'en',
        },
      },
    );
    const token = new URL(made.body.url).hash.slice(1);
    const before = await counts();
    const replies = await Promise.all(
      [0, 1, 2].map(() =>
        api(server.url, 'POST', '/api/self-report/answers', {
          body: { token, items: [1, 1, 1, 1, 1, 1, 1] },
        }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    expect((await counts()).assessments).toBe(before.assessments + 1);
  });
});
