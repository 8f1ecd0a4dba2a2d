import { REFUSAL_SENTENCES } from '../../server/auth/access-refusals';
import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import { createForeignProgram } from '../support/foreign-program';
import { api, login, startTestServer } from '../support/test-server';

/**
 * The care reader refuses each reason with the same sentence on every route,
 * names the reason in the reply and in the audit row, and audits the allowed
 * read it served.
 */
describe('care reader', () => {
  let server: RunningServer;
  let foreign: Awaited<ReturnType<typeof createForeignProgram>>;

  beforeAll(async () => {
    server = await startTestServer({ store: 'postgres' });
    foreign = await createForeignProgram(server.services.db);
  }, 120_000);
  afterAll(() => server.close());

  const deniedReasons = async (patientId: string, action: string) =>
    (
      await server.services.db.query<{ reason: string }>(
        `SELECT details->>'reason' AS reason FROM audit_log
          WHERE patient_id = $1 AND action = $2 AND outcome = 'denied'`,
        [patientId, action],
      )
    ).rows.map((r) => r.reason);

  it('refuses another program with one sentence on every patient route, and audits the reason', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const paths = [
      `/api/patients/${foreign.patientId}`,
      `/api/patients/${foreign.patientId}/consents`,
      `/api/patients/${foreign.patientId}/billing-facts`,
      `/api/patients/${foreign.patientId}/care-time?month=2025-05`,
    ];
    const replies = [];
    for (const path of paths)
      replies.push(await api(server.url, 'GET', path, { token: pcp.token }));
    for (const r of replies)
      expect({ status: r.status, error: r.body.error }).toMatchObject({
        status: 403,
        error: {
          code: 'forbidden_patient',
          message: REFUSAL_SENTENCES.other_program,
          details: { reason: 'other_program' },
        },
      });
    expect(await deniedReasons(foreign.patientId, 'patient.read')).toEqual([
      'other_program',
    ]);
    expect(await deniedReasons(foreign.patientId, 'consent.list')).toEqual([
      'other_program',
    ]);
  });

  it('names why a psychiatrist may not read a consult, and audits the read it allows', async () => {
    const c = await acceptedConsult(server.services.db);
    const other = await login(server.url, 'psych.addiction@demo.test');
    const refused = await api(
      server.url,
      'GET',
      `/api/consults/${c.consultId}`,
      { token: other.token },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden_consult',
      message: REFUSAL_SENTENCES.not_offered_or_assigned,
      details: { reason: 'not_offered_or_assigned' },
    });
    expect(await deniedReasons(c.patientId, 'consult.read')).toEqual([
      'not_offered_or_assigned',
    ]);

    const assigned = await login(server.url, 'psych.child@demo.test');
    const read = await api(server.url, 'GET', `/api/consults/${c.consultId}`, {
      token: assigned.token,
    });
    expect(read.status).toBe(200);
    const { rows } = await server.services.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'consult.read' AND outcome = 'allowed'
          AND resource_id = $1 AND user_id = $2`,
      [c.consultId, c.psychiatristId],
    );
    expect(rows).toHaveLength(1);
  });

  it("lets staff read a consult's time but refuses logging by a PCP who did not request it", async () => {
    const c = await acceptedConsult(server.services.db);
    const admin = await login(server.url, 'admin@demo.test');
    expect(
      (
        await api(server.url, 'GET', `/api/consults/${c.consultId}/time`, {
          token: admin.token,
        })
      ).status,
    ).toBe(200);
    const pcp2 = await login(server.url, 'pcp2@demo.test');
    const time = await api(
      server.url,
      'POST',
      `/api/consults/${c.consultId}/time`,
      {
        token: pcp2.token,
        body: {
          activity: 'chart_review',
          startedAt: '2025-05-02T15:00:00Z',
          minutes: 5,
        },
      },
    );
    expect(time.status).toBe(403);
    expect(time.body.error).toMatchObject({
      code: 'not_consult_clinician',
      message: REFUSAL_SENTENCES.not_requesting_pcp,
      details: { reason: 'not_requesting_pcp' },
    });
    expect(await deniedReasons(c.patientId, 'time.create')).toEqual([
      'not_requesting_pcp',
    ]);
  });
});
