import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

/**
 * PostgreSQL cannot store NUL in text: before the edge check these requests
 * answered 500. Now a name, code or id with a control character is refused
 * with 400 naming the field, and pasted free text is cleaned.
 */
describe.each(STORE_KINDS)(
  'control characters in request input on %s',
  (store) => {
    let server: RunningServer;
    let token: string;
    beforeAll(async () => {
      server = await startTestServer({ store });
      token = (await login(server.url, 'pcp@demo.test')).token;
    });
    afterAll(() => server.close());

    const patient = {
      givenName: 'Ada',
      familyName: 'Byron',
      birthDate: '1990-01-02',
      sex: 'female',
      state: 'MA',
    };
    const consult = (over: Record<string, unknown>) => ({
      patient,
      consultType: 'clinician_consult',
      reasonCategories: ['medication'],
      clinicalQuestion: 'Dose question',
      specialty: 'adult',
      callback: { method: 'video' },
      ...over,
    });

    it.each([
      ['a name', { ...patient, givenName: 'Ada\u0000' }, 'givenName'],
      [
        'a family name',
        { ...patient, familyName: 'By\u0007ron' },
        'familyName',
      ],
      [
        'a language',
        { ...patient, preferredLanguage: 'en\u0000' },
        'preferredLanguage',
      ],
    ])(
      'refuses %s with a control character: 400 naming the field',
      async (_l, body, field) => {
        const r = await api(server.url, 'POST', '/api/patients', {
          token,
          body,
        });
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe('validation_failed');
        expect(r.body.error.message).toContain(field);
        expect(r.body.error.details[0].field).toBe(field);
        expect(JSON.stringify(r.body)).not.toContain('stack');
      },
    );

    it('refuses a NUL in a nested field and in an idempotency key', async () => {
      const nested = await api(server.url, 'POST', '/api/consults', {
        token,
        body: consult({ patient: { ...patient, givenName: 'A\u0000' } }),
      });
      expect(nested.status).toBe(400);
      expect(nested.body.error.details[0].field).toBe('patient.givenName');
      const key = await api(server.url, 'POST', '/api/consults', {
        token,
        body: consult({ idempotencyKey: 'key-\u0000-0001' }),
      });
      expect(key.status).toBe(400);
      expect(key.body.error.details[0].field).toBe('idempotencyKey');
    });

    it('refuses control characters in the query string and the path', async () => {
      const q = await api(server.url, 'GET', '/api/consults?status=new%00', {
        token,
      });
      expect(q.status).toBe(400);
      expect(q.body.error.details[0].field).toBe('status');
      const p = await api(server.url, 'GET', '/api/consults/%00', { token });
      expect(p.status).toBe(400);
      expect(p.body.error.details[0].field).toBe('consultId');
    });

    it('strips control characters from a pasted clinical question', async () => {
      const r = await api(server.url, 'POST', '/api/consults', {
        token,
        body: consult({
          clinicalQuestion: 'Pasted\u0000 from\u000c the EHR\n',
        }),
      });
      expect(r.status).toBe(201);
      expect(r.body.consult.clinicalQuestion).toBe('Pasted from the EHR');
    });
  },
);
