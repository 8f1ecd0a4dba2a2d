import type { RunningServer } from '../../server/main';
import { createForeignProgram } from '../support/foreign-program';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A warm handoff asked from an open screening alert, over real PostgreSQL:
 * the alert's assessment rides on the handoff's consult, the alert is
 * acknowledged as `warm_handoff` naming that consult, a second click is the
 * same handoff, and an alert of another patient or another program is
 * refused before anything rings or is written.
 */
describe('warm handoff from a safety alert', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const patientNamed = async (given: string) =>
    (
      await server.services.db.query<{ id: string }>(
        'SELECT id FROM patients WHERE given_name = $1',
        [given],
      )
    ).rows[0]!.id;
  const count = async (sql: string) =>
    Number((await server.services.db.query<{ n: string }>(sql)).rows[0]!.n);
  /** A PHQ-A with a positive item 9: the assessment and its open alert. */
  const positiveScreen = async (
    token: string,
    patientId: string,
    adult = false,
  ) => {
    const a = await api(
      server.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      {
        token,
        body: adult
          ? {
              instrument: 'phq9',
              items: [2, 2, 2, 1, 1, 1, 1, 1, 1],
              answeredBy: 'patient',
            }
          : {
              instrument: 'phqa',
              items: [2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
              answeredBy: 'patient',
            },
      },
    );
    expect(a.status).toBe(201);
    const open = await api(
      server.url,
      'GET',
      `/api/patients/${patientId}/safety-alerts`,
      { token },
    );
    const alert = open.body.alerts.find(
      (x: { assessmentId: string }) => x.assessmentId === a.body.id,
    );
    expect(alert).toBeDefined();
    return { assessmentId: a.body.id as string, alertId: alert.id as string };
  };

  it('attaches the screening, acknowledges the alert, and repeats as the same handoff', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const maya = await patientNamed('Maya');
    const { assessmentId, alertId } = await positiveScreen(pcp.token, maya);

    const first = await api(
      server.url,
      'POST',
      `/api/patients/${maya}/handoffs`,
      { token: pcp.token, body: { alertId } },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'ringing', alertId });

    const consult = await api(
      server.url,
      'GET',
      `/api/consults/${first.body.consultId}`,
      { token: pcp.token },
    );
    expect(consult.body.consult).toMatchObject({
      consultType: 'warm_handoff',
      assessmentId,
      urgency: 'urgent',
      reasonCategories: ['safety'],
    });
    expect(consult.body.consult.clinicalQuestion).toMatch(
      /^Warm handoff from a safety alert on the PHQ-A of \d{4}-\d\d-\d\d/,
    );

    const history = await api(
      server.url,
      'GET',
      `/api/patients/${maya}/safety-alerts`,
      { token: pcp.token },
    );
    const acked = history.body.alerts.find(
      (x: { id: string }) => x.id === alertId,
    );
    expect(acked.acknowledgement).toMatchObject({
      action: 'warm_handoff',
      consultId: first.body.consultId,
    });
    const open = await api(server.url, 'GET', '/api/safety-alerts', {
      token: pcp.token,
    });
    expect(open.body.alerts.map((x: { id: string }) => x.id)).not.toContain(
      alertId,
    );

    const again = await api(
      server.url,
      'POST',
      `/api/patients/${maya}/handoffs`,
      { token: pcp.token, body: { alertId } },
    );
    expect(again.status).toBe(200);
    // A screening attached without an alert rides along the same way.
    const lena = await patientNamed('Lena');
    const screen = await positiveScreen(pcp.token, lena, true);
    const byScreen = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/handoffs`,
      { token: pcp.token, body: { assessmentId: screen.assessmentId } },
    );
    expect(byScreen.status).toBe(201);
    expect(byScreen.body.alertId).toBeNull();
    const screened = await api(
      server.url,
      'GET',
      `/api/consults/${byScreen.body.consultId}`,
      { token: pcp.token },
    );
    expect(screened.body.consult.assessmentId).toBe(screen.assessmentId);
    expect(again.body.consultId).toBe(first.body.consultId);
    expect(
      await count(
        `SELECT count(*) AS n FROM warm_handoffs WHERE alert_id = '${alertId}'`,
      ),
    ).toBe(1);
  });

  it('refuses an alert of another patient, an unknown one, and one of another program, writing nothing', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const ethan = await patientNamed('Ethan');
    const lena = await patientNamed('Lena');
    const { alertId } = await positiveScreen(pcp.token, ethan);
    const before = await count('SELECT count(*) AS n FROM consults');

    const wrongPatient = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/handoffs`,
      { token: pcp.token, body: { alertId } },
    );
    expect(wrongPatient.status).toBe(400);
    expect(wrongPatient.body.error).toMatchObject({
      code: 'validation_failed',
      message:
        'Please check the form. alertId: is not an alert of this patient',
    });

    const unknown = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/handoffs`,
      {
        token: pcp.token,
        body: { alertId: '00000000-0000-4000-8000-000000000000' },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'Please check the form. alertId: no such safety alert',
    );

    const foreign = await createForeignProgram(server.services.db);
    const other = await login(server.url, foreign.pcpEmail);
    const crossProgram = await api(
      server.url,
      'POST',
      `/api/patients/${foreign.patientId}/handoffs`,
      { token: other.token, body: { alertId } },
    );
    expect([403, 404]).toContain(crossProgram.status);
    expect(crossProgram.body.error.message).not.toMatch(/Ethan|Novak/);

    // A screening sent without its alert must be this patient's too.
    const { assessmentId } = await positiveScreen(pcp.token, ethan);
    const otherScreen = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/handoffs`,
      { token: pcp.token, body: { assessmentId } },
    );
    expect(otherScreen.status).toBe(400);
    expect(otherScreen.body.error.message).toBe(
      'Please check the form. assessmentId: is not an assessment of this patient.',
    );
    const both = await api(
      server.url,
      'POST',
      `/api/patients/${ethan}/handoffs`,
      { token: pcp.token, body: { alertId, assessmentId } },
    );
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([
      expect.objectContaining({ field: 'assessmentId' }),
    ]);

    expect(await count('SELECT count(*) AS n FROM consults')).toBe(before);
    expect(
      await count(
        `SELECT count(*) AS n FROM safety_alert_acknowledgements WHERE alert_id = '${alertId}'`,
      ),
    ).toBe(0);
  });
});
