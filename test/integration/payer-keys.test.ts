import type { RunningServer } from '../../server/main';
import { rulesFor } from '../../server/billing/payer-rules';
import { acceptedConsult } from '../support/consult-fixtures';
import { STORE_KINDS } from '../support/databases';
import { api, login, startTestServer } from '../support/test-server';

/**
 * A payer named after an Object.prototype member was accepted as a coverage,
 * then made every billing recompute of the program answer 500, and no route
 * could remove it.
 */
describe.each(STORE_KINDS)(
  'payer keys and ending a coverage on %s',
  (store) => {
    let server: RunningServer;
    let biller: string;
    let patientId: string;
    const period = new Date().toISOString().slice(0, 7);
    beforeAll(async () => {
      server = await startTestServer({ store });
      biller = (await login(server.url, 'biller@demo.test')).token;
      ({ patientId } = await acceptedConsult(server.services.db, {
        status: 'completed',
      }));
    });
    afterAll(() => server.close());

    const cover = (payer: string) =>
      api(server.url, 'POST', `/api/patients/${patientId}/coverages`, {
        token: biller,
        body: { payer, effectiveFrom: '2020-01-01' },
      });
    const recompute = () =>
      api(server.url, 'POST', '/api/billing/recompute', {
        token: biller,
        body: { period },
      });

    it.each(['__proto__', 'constructor', '_x', 'Medicare'])(
      'refuses payer %s with 400 naming the field',
      async (payer) => {
        const r = await cover(payer);
        expect(r.status).toBe(400);
        expect(r.body.error.details[0].field).toBe('payer');
      },
    );

    it('looks payers up without the prototype chain', () => {
      for (const payer of ['__proto__', 'constructor', 'toString'])
        expect(rulesFor(payer)).toMatchObject({
          payer,
          feesCents: rulesFor('default').feesCents,
        });
    });

    it('recomputes with a legacy __proto__ coverage, and a coverage can be ended', async () => {
      // A row written before the check existed.
      await server.services.db.query(
        `INSERT INTO patient_coverages (patient_id, payer, effective_from, recorded_by, recorded_at)
       SELECT $1, '__proto__', '2020-01-01', id, now() FROM users WHERE email = 'biller@demo.test'`,
        [patientId],
      );
      expect((await recompute()).status).toBe(200);
      const facts = await api(
        server.url,
        'GET',
        `/api/patients/${patientId}/billing-facts`,
        { token: biller },
      );
      const legacy = facts.body.coverages.find(
        (c: { payer: string }) => c.payer === '__proto__',
      );
      const ended = await api(
        server.url,
        'POST',
        `/api/patients/${patientId}/coverages/${legacy.id}/end`,
        { token: biller, body: { endDate: '2021-01-01' } },
      );
      expect(ended.status).toBe(201);
      const again = await api(
        server.url,
        'POST',
        `/api/patients/${patientId}/coverages/${legacy.id}/end`,
        { token: biller, body: { endDate: '2021-01-01' } },
      );
      expect(again.body.error.code).toBe('coverage_ended');
      const after = ended.body.coverages.find(
        (c: { id: string }) => c.id === legacy.id,
      );
      expect(after.endDate).toBe('2021-01-01');
      expect((await recompute()).status).toBe(200);
    });
  },
);
