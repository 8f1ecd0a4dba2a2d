import type { RunningServer } from '../../server/main';
import { fhirValidator } from '../support/fhir-validator';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Stored assessments exported as FHIR R4 Bundles validate against the
 * official R4 JSON schema, carry the LOINC codes we hold (PHQ-9 total
 * 44261-6, item 9 44260-8) and the server's scores, and an invalid PSC-17
 * is an Observation with a data-absent reason rather than a number.
 */
describe('assessments as FHIR R4', () => {
  let server: RunningServer;
  let pcp: string;
  const patient: Record<string, string> = {};
  let validate: ReturnType<typeof fhirValidator>;
  beforeAll(async () => {
    server = await startTestServer();
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{
      id: string;
      given_name: string;
    }>('SELECT id, given_name FROM patients');
    for (const r of rows) patient[r.given_name] = r.id;
    validate = fhirValidator('Bundle', [
      'QuestionnaireResponse',
      'Observation',
    ]);
  }, 120_000);
  afterAll(() => server.close());

  const bundleOf = async (patientId: string, body: unknown) => {
    const made = await api(
      server.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      { token: pcp, body },
    );
    expect(made.status).toBe(201);
    const res = await fetch(
      `${server.url}/api/assessments/${made.body.id}/fhir`,
      { headers: { authorization: `Bearer ${pcp}` } },
    );
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    return { id: made.body.id as string, bundle: await res.json() };
  };
  const resource = (bundle: any, type: string, idSuffix = '') =>
    bundle.entry
      .map((e: any) => e.resource)
      .find(
        (r: any) => r.resourceType === type && String(r.id).endsWith(idSuffix),
      );

  it('PHQ-9: total and item 9 with LOINC, answers in the QuestionnaireResponse', async () => {
    const { id, bundle } = await bundleOf(patient.Lena!, {
      instrument: 'phq9',
      items: [3, 2, 1, 0, 0, 0, 0, 0, 2, 1],
      answeredBy: 'patient',
    });
    expect(validate(bundle)).toEqual([]);
    const total = resource(bundle, 'Observation', '-total');
    expect(total.code.coding[0]).toMatchObject({
      system: 'http://loinc.org',
      code: '44261-6',
    });
    expect(total.valueInteger).toBe(8);
    expect(total.interpretation[0].text).toBe('Mild');
    const item9 = resource(bundle, 'Observation', '-item9');
    expect(item9.code.coding[0].code).toBe('44260-8');
    expect(item9.valueInteger).toBe(2);
    const qr = resource(bundle, 'QuestionnaireResponse');
    expect(qr.id).toBe(id);
    expect(qr.item).toHaveLength(10);
    expect(qr.item[0].answer[0].valueCoding.code).toBe('3');
  });

  it('PSC-17: subscales as components; an invalid form has no value', async () => {
    const scored = await bundleOf(patient.Maya!, {
      instrument: 'psc17',
      items: [2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      answeredBy: 'guardian',
    });
    expect(validate(scored.bundle)).toEqual([]);
    const total = resource(scored.bundle, 'Observation', '-total');
    expect(total.component).toHaveLength(3);
    expect(total.code.coding).toBeUndefined();
    const invalid = await bundleOf(patient.Maya!, {
      instrument: 'psc17',
      items: [null, null, null, null, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      answeredBy: 'guardian',
    });
    expect(validate(invalid.bundle)).toEqual([]);
    const none = resource(invalid.bundle, 'Observation', '-total');
    expect(none.valueInteger).toBeUndefined();
    expect(none.dataAbsentReason.text).toContain('invalid');
    const qr = resource(invalid.bundle, 'QuestionnaireResponse');
    expect(qr.item[0].answer).toBeUndefined();
  });

  it('the schema check can fail: a broken bundle is refused', () => {
    expect(
      validate({ resourceType: 'Bundle', type: 'collection', entry: 'x' })
        .length,
    ).toBeGreaterThan(0);
  });
});
