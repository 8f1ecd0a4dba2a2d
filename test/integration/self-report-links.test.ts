import type { RunningServer } from '../../server/main';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Self-report links: single-use, hashed, spent by the POST that submits;
 * only for instruments whose patient wording is verified, in a language we
 * hold; a text only with consent; the patient learns nothing but thank you
 * and, on a positive safety item, the crisis lines, while the care team's
 * safety loop runs as for any assessment.
 */
describe('self-report links', () => {
  let server: RunningServer;
  let pcp: string;
  let lena: string;
  let ethan: string;
  let maya: string;
  beforeAll(async () => {
    server = await startTestServer();
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{
      id: string;
      given_name: string;
    }>('SELECT id, given_name FROM patients');
    lena = rows.find((r) => r.given_name === 'Lena')!.id;
    ethan = rows.find((r) => r.given_name === 'Ethan')!.id;
    maya = rows.find((r) => r.given_name === 'Maya')!.id;
  }, 120_000);
  afterAll(() => server.close());

  const link = (patientId: string, body: Record<string, unknown>) =>
    api(server.url, 'POST', `/api/patients/${patientId}/screening-links`, {
      token: pcp,
      body: {
        delivery: 'qr',
        respondent: 'patient',
        language: 'en',
        ...body,
      },
    });

  it('makes a QR link whose token is stored only as a hash, and spends it once', async () => {
    const made = await link(lena, { instrument: 'phq9' });
    expect(made.status).toBe(201);
    expect(made.body.qrSvg).toMatch(/^<svg/);
    const token = new URL(made.body.url).hash.slice(1);
    expect(new URL(made.body.url).pathname).toBe('/screen');
    const stored = await server.services.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM screening_links WHERE id = $1',
      [made.body.id],
    );
    expect(stored.rows[0]!.token_hash).not.toContain(token);

    const form = await api(server.url, 'POST', '/api/self-report/form', {
      body: { token },
    });
    expect(form.status).toBe(200);
    expect(form.body.items).toHaveLength(10);
    expect(form.body.items[8].text).toContain('better off dead');
    expect(form.body.items[0].options).toEqual([
      'Not at all',
      'Several days',
      'More than half the days',
      'Nearly every day',
    ]);

    const bad = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items: [0, 0, 0, 0, 7, 0, 0, 0, 0] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('items[4]: must be 0-3');

    const sent = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items: [1, 1, 1, 0, 0, 0, 0, 0, 1, 0] },
    });
    expect(sent.body).toEqual({ thankYou: true, crisisResources: true });
    const again = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
    });
    expect(again.status).toBe(410);
    const formAgain = await api(server.url, 'POST', '/api/self-report/form', {
      body: { token },
    });
    expect(formAgain.status).toBe(410);

    const list = await api(
      server.url,
      'GET',
      `/api/patients/${lena}/assessments`,
      { token: pcp },
    );
    const stored2 = list.body.assessments[0];
    expect(stored2).toMatchObject({
      instrument: 'phq9',
      total: 4,
      answeredBy: 'patient',
      enteredBy: null,
    });
    const alerts = await api(server.url, 'GET', '/api/safety-alerts', {
      token: pcp,
    });
    expect(
      alerts.body.alerts.map((a: { assessmentId: string }) => a.assessmentId),
    ).toContain(stored2.id);
  });

  it('refuses instruments without verified patient wording, and languages we lack', async () => {
    const phqa = await link(ethan, { instrument: 'phqa' });
    expect(phqa.status).toBe(400);
    expect(phqa.body.error.code).toBe('self_report_unavailable');
    const pscSpanish = await link(maya, {
      instrument: 'psc17',
      respondent: 'guardian',
      language: 'es',
    });
    expect(pscSpanish.status).toBe(400);
    expect(pscSpanish.body.error.code).toBe('self_report_language_unavailable');
    const pscByChild = await link(maya, { instrument: 'psc17' });
    expect(pscByChild.status).toBe(400);
    expect(pscByChild.body.error.message).toContain(
      'not answered by a patient',
    );
    const crafft = await link(ethan, { instrument: 'crafft' });
    expect(crafft.body.error.code).toBe('self_report_unavailable');
    // The refusal carries the instrument's terms line, so the sender
    // learns why: the EPDS may not be republished online without the
    // Royal College of Psychiatrists' written permission.
    const epds = await link(lena, { instrument: 'epds' });
    expect(epds.status).toBe(400);
    expect(epds.body.error.code).toBe('self_report_unavailable');
    expect(epds.body.error.message).toContain('written permission');
    const scared = await link(ethan, { instrument: 'scared' });
    expect(scared.body.error.code).toBe('self_report_unavailable');
    const unknown = await link(lena, { instrument: 'bdi' });
    expect(unknown.body.error.code).toBe('unknown_instrument');
  });

  it('sends the GAD-7 in Spanish with the Spanish form wording', async () => {
    const made = await link(maya, { instrument: 'gad7', language: 'es' });
    expect(made.status).toBe(201);
    const token = new URL(made.body.url).hash.slice(1);
    const form = await api(server.url, 'POST', '/api/self-report/form', {
      body: { token },
    });
    expect(form.body.language).toBe('es');
    expect(form.body.stem).toContain('Durante las últimas 2 semanas');
    expect(form.body.items[0].text).toBe(
      'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
    );
    expect(form.body.items[0].options).toEqual([
      'Ningún día',
      'Varios días',
      'Más de la mitad de los días',
      'Casi todos los días',
    ]);
  });

  it('sends the PSC-17 to a guardian in English, scored with its subscales', async () => {
    const made = await link(maya, {
      instrument: 'psc17',
      respondent: 'guardian',
    });
    expect(made.status).toBe(201);
    const token = new URL(made.body.url).hash.slice(1);
    const form = await api(server.url, 'POST', '/api/self-report/form', {
      body: { token },
    });
    expect(form.body.respondent).toBe('guardian');
    expect(form.body.items).toHaveLength(17);
    expect(form.body.items[12].text).toBe('Acts as if driven by a motor');
    expect(form.body.items[0].options).toEqual(['Never', 'Sometimes', 'Often']);
    // Internalizing items 2, 6, 9, 11, 15 "often"; attention 1 "sometimes".
    const items = Array.from({ length: 17 }, (_, i) =>
      [2, 6, 9, 11, 15].includes(i + 1) ? 2 : i === 0 ? 1 : 0,
    );
    const sent = await api(server.url, 'POST', '/api/self-report/answers', {
      body: { token, items },
    });
    expect(sent.body).toEqual({ thankYou: true, crisisResources: false });
    const list = await api(
      server.url,
      'GET',
      `/api/patients/${maya}/assessments`,
      { token: pcp },
    );
    const psc = list.body.assessments.find(
      (a: { instrument: string }) => a.instrument === 'psc17',
    );
    expect(psc).toMatchObject({
      answeredBy: 'guardian',
      enteredBy: null,
      total: 11,
    });
    expect(
      Object.fromEntries(
        psc.subscales.map((s: { id: string; score: number }) => [
          s.id,
          s.score,
        ]),
      ),
    ).toEqual({ internalizing: 10, attention: 1, externalizing: 0 });
  });

  it('texts only with consent, and only where texting is set up', async () => {
    const noConsent = await link(lena, {
      instrument: 'gad7',
      delivery: 'sms',
      phone: '+16175550100',
    });
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body.error)).toContain('smsConsent');
    const noTwilio = await link(lena, {
      instrument: 'gad7',
      delivery: 'sms',
      phone: '+16175550100',
      smsConsent: true,
    });
    expect(noTwilio.status).toBe(503);
    expect(noTwilio.body.error.code).toBe('sms_not_configured');
  });

  it('an unknown or malformed token is the same 410', async () => {
    for (const token of ['x', 'A'.repeat(43)]) {
      const r = await api(server.url, 'POST', '/api/self-report/form', {
        body: { token },
      });
      expect(r.status).toBe(410);
    }
  });
});
