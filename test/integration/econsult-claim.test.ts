import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import {
  demoPatientId,
  fileEconsult,
  secondChildPsychiatrist,
} from '../support/econsult-fixtures';
import { api, login, startTestServer } from '../support/test-server';

jest.setTimeout(180_000);

describe.each(STORE_KINDS)('eConsult pool and claim (%s)', (store) => {
  let server: RunningServer;
  let url: string;
  let pcp: string;
  let childPsych: string;
  let addictionPsych: string;
  let perinatalPsych: string;
  let patientId: string;

  beforeAll(async () => {
    server = await startTestServer({ store });
    url = server.url;
    await secondChildPsychiatrist(server.services.db);
    pcp = (await login(url, 'pcp@demo.test')).token;
    childPsych = (await login(url, 'psych.child@demo.test')).token;
    addictionPsych = (await login(url, 'psych.addiction@demo.test')).token;
    perinatalPsych = (await login(url, 'psych.perinatal@demo.test')).token;
    patientId = await demoPatientId(server.services.db);
  });
  afterAll(() => server?.close());

  it('never rings: the eConsult waits in the pool, not in the live line', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    const got = await api(url, 'GET', `/api/consults/${id}`, { token: pcp });
    expect(got.body.consult.status).toBe('pooled');
    expect(got.body.consult.consultType).toBe('econsult');
    const { rows } = await server.services.db.query(
      'SELECT 1 FROM consult_offers WHERE consult_id = $1',
      [id],
    );
    expect(rows).toHaveLength(0);
    const pool = await api(url, 'GET', '/api/econsults/pool', {
      token: childPsych,
    });
    expect(pool.body.consults.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('shows the pool only to eligible psychiatrists; others cannot claim', async () => {
    const id = await fileEconsult(url, pcp, patientId);
    // The perinatal psychiatrist lacks the child specialty.
    const pool = await api(url, 'GET', '/api/econsults/pool', {
      token: perinatalPsych,
    });
    expect(pool.body.consults.map((c: { id: string }) => c.id)).not.toContain(
      id,
    );
    const claim = await api(url, 'POST', `/api/consults/${id}/claim`, {
      token: perinatalPsych,
    });
    expect(claim.status).toBe(403);
    const still = await api(url, 'GET', `/api/consults/${id}`, { token: pcp });
    expect(still.body.consult.status).toBe('pooled');
  });

  it('two psychiatrists claim at once, 100 times: exactly one claim each time', async () => {
    const wins: Record<string, number> = { child: 0, addiction: 0 };
    for (let i = 0; i < 100; i++) {
      const id = await fileEconsult(url, pcp, patientId);
      const [a, b] = await Promise.all([
        api(url, 'POST', `/api/consults/${id}/claim`, { token: childPsych }),
        api(url, 'POST', `/api/consults/${id}/claim`, {
          token: addictionPsych,
        }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.error.code).toBe('consult_state_changed');
      wins[a.status === 200 ? 'child' : 'addiction']!++;
      const { rows } = await server.services.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM consult_transitions
          WHERE consult_id = $1 AND to_status = 'claimed'`,
        [id],
      );
      expect(rows[0]!.n).toBe('1');
      const { rows: audit } = await server.services.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM audit_log
          WHERE resource_id = $1 AND action = 'econsult.claim'
            AND outcome = 'allowed'`,
        [id],
      );
      expect(audit[0]!.n).toBe('1');
    }
    expect(wins.child! + wins.addiction!).toBe(100);
  });

  it('a named psychiatrist alone may claim; naming one who never saw the patient is refused', async () => {
    const childId = (await login(url, 'psych.child@demo.test')).user.id;
    const addictionId = (await login(url, 'psych.addiction@demo.test')).user.id;
    // The child psychiatrist saw the patient: they claimed a consult above.
    const id = await fileEconsult(url, pcp, patientId, {
      namedPsychiatristId: childId,
    });
    const other = await api(url, 'POST', `/api/consults/${id}/claim`, {
      token: addictionPsych,
    });
    expect(other.status).toBe(403);
    const named = await api(url, 'POST', `/api/consults/${id}/claim`, {
      token: childPsych,
    });
    expect(named.status).toBe(200);
    expect(named.body.consult.assignedPsychiatristId).toBe(childId);
    const perinatalId = (await login(url, 'psych.perinatal@demo.test')).user.id;
    const refused = await api(url, 'POST', '/api/consults', {
      token: pcp,
      body: {
        patientId,
        consultType: 'econsult',
        reasonCategories: ['medication'],
        clinicalQuestion: 'Q',
        specialty: 'child_adolescent',
        callback: { method: 'video' },
        namedPsychiatristId: perinatalId,
      },
    });
    expect(refused.status).toBe(400);
    expect(addictionId).not.toBe(childId);
  });
});
