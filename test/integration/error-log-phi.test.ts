import type { RunningServer } from '../../server/main';
import { createLogger } from '../../server/logger';
import { openTestDatabase, STORE_KINDS } from '../support/databases';
import { leakedValues, logCapture } from '../support/log-capture';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Requests that make the database itself fail (PostgreSQL refuses a NUL byte
 * in text) must not put the patient data they carried into the log.
 */
const PHI = {
  givenName: 'Zephyrina',
  familyName: 'Quillfeather',
  birthDate: '1987-03-14',
  phone: '+16175550199',
  question: 'Ruminates about the lighthouse keeper',
};

describe.each(STORE_KINDS)('no patient data in error logs on %s', (store) => {
  let server: RunningServer;
  const log = logCapture();
  beforeAll(async () => {
    server = await startTestServer({ store, logStream: log.stream });
  }, 120_000);
  afterAll(() => server.close());

  it('logs a failing write without its parameters, query or stack', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const nul = '\u0000';
    const consult = await api(server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: {
        patient: {
          givenName: PHI.givenName,
          familyName: PHI.familyName,
          birthDate: PHI.birthDate,
          sex: 'female',
          state: 'MA',
        },
        consultType: 'clinician_consult',
        reasonCategories: ['medication'],
        clinicalQuestion: `${PHI.question}${nul}`,
        specialty: 'adult',
        callback: { method: 'phone', phone: PHI.phone },
      },
    });
    expect(consult.status).not.toBe(0);
    const patient = await api(server.url, 'POST', '/api/patients', {
      token: pcp.token,
      body: {
        givenName: `${PHI.givenName}${nul}`,
        familyName: PHI.familyName,
        birthDate: PHI.birthDate,
        sex: 'female',
        state: 'MA',
      },
    });
    expect(patient.status).toBe(400);
    const out = log.text();
    // The requests did reach the log (so an empty log cannot pass).
    expect(out).toContain('"route":"/api/consults"');
    expect(leakedValues(out, Object.values(PHI))).toEqual([]);
    expect(out).not.toMatch(/"stack"|INSERT INTO|"params"|"query"/);
  });
});

describe.each(STORE_KINDS)('a driver error logged on %s', (store) => {
  it('keeps code, message and routine; drops parameters, query, stack', async () => {
    const db = await openTestDatabase(store);
    const log = logCapture();
    try {
      const err = await db
        .query('SELECT $1::text AS a, $2::text AS b, $3::date AS c', [
          PHI.givenName,
          `${PHI.question}\u0000`,
          PHI.birthDate,
        ])
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeTruthy();
      createLogger('info', log.stream).error({ err }, 'query failed');
    } finally {
      await db.close();
    }
    const line = JSON.parse(log.text()) as { err: Record<string, unknown> };
    expect(line.err.code).toBe('22021');
    expect(line.err.message).toMatch(/invalid byte sequence/);
    expect(Object.keys(line.err).sort()).toEqual(
      expect.arrayContaining(['code', 'message', 'type']),
    );
    expect(leakedValues(log.text(), Object.values(PHI))).toEqual([]);
    expect(log.text()).not.toMatch(/"stack"|SELECT|"params"|"where"/);
  }, 120_000);
});
