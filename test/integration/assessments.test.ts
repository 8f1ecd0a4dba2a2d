import type { RunningServer } from '../../server/main';
import { STORE_KINDS } from '../support/databases';
import { createForeignProgram } from '../support/foreign-program';
import { api, login, startTestServer } from '../support/test-server';

/**
 * Assessments over HTTP on both stores: the server scores from item answers,
 * refuses bad input with the sentence that names the field, keeps rows
 * append-only (a correction is a new row), and shows them only to the
 * patient's care team.
 */
describe.each(STORE_KINDS)('assessments on %s', (store) => {
  let server: RunningServer;
  let pcp: string;
  const patient: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ store });
    pcp = (await login(server.url, 'pcp@demo.test')).token;
    const { rows } = await server.services.db.query<{
      id: string;
      given_name: string;
    }>('SELECT id, given_name FROM patients');
    for (const r of rows) patient[r.given_name] = r.id;
  }, 120_000);
  afterAll(() => server.close());

  const post = (patientId: string, body: unknown, token = pcp) =>
    api(server.url, 'POST', `/api/patients/${patientId}/assessments`, {
      token,
      body,
    });

  it('scores a PHQ-9 on the server and ignores nothing it was sent', async () => {
    const res = await post(patient.Lena!, {
      instrument: 'phq9',
      items: [3, 3, 2, 2, 1, 1, 0, 0, 0],
      answeredBy: 'patient',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      instrument: 'phq9',
      instrumentName: 'PHQ-9',
      status: 'scored',
      total: 12,
      maxTotal: 27,
      band: { id: 'moderate' },
      flags: [],
      answeredBy: 'patient',
      ageYears: 32,
    });
    const again = await api(
      server.url,
      'GET',
      `/api/assessments/${res.body.id}`,
      { token: pcp },
    );
    expect(again.body).toEqual(res.body);
  });

  it('refuses an unknown instrument listing the valid ones', async () => {
    const res = await post(patient.Lena!, {
      instrument: 'phq10',
      items: [0],
      answeredBy: 'patient',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_instrument');
    expect(res.body.error.message).toContain('phq9, phqa, gad7, psc17');
    expect(res.body.error.details.validInstrumentIds).toContain('epds');
  });

  it('names the item out of range and the wrong count', async () => {
    const range = await post(patient.Lena!, {
      instrument: 'gad7',
      items: [0, 1, 2, 3, 4, 0, 0],
      answeredBy: 'patient',
    });
    expect(range.status).toBe(400);
    expect(range.body.error.message).toBe(
      'Please check the form. items[4]: must be 0-3',
    );
    const count = await post(patient.Lena!, {
      instrument: 'gad7',
      items: [0, 1],
      answeredBy: 'patient',
    });
    expect(count.status).toBe(400);
    expect(count.body.error.details).toEqual([
      expect.objectContaining({
        field: 'items',
        message: 'expected 7 answers, got 2',
      }),
    ]);
  });

  it('stores a PSC-17 with 4 blanks as invalid with its reason, no score', async () => {
    const items = [
      1,
      2,
      null,
      null,
      null,
      null,
      0,
      0,
      0,
      1,
      1,
      1,
      1,
      0,
      0,
      0,
      0,
    ];
    const res = await post(patient.Maya!, {
      instrument: 'psc17',
      items,
      answeredBy: 'guardian',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'invalid', total: null });
    expect(res.body.invalidReason).toContain('4 of 17 items are blank');
  });

  it('accepts an instrument outside its ages only with a clinician override', async () => {
    const body = {
      instrument: 'psc17',
      items: Array(17).fill(0),
      answeredBy: 'clinician',
    };
    // Ethan is 17; the PSC-17 is meant for 4-16.
    const refused = await post(patient.Ethan!, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({
      field: 'ageYears',
    });
    const overridden = await post(patient.Ethan!, {
      ...body,
      clinicianOverride: { reason: 'Developmental delay; parent report' },
    });
    expect(overridden.status).toBe(201);
    expect(overridden.body.ageOverrideReason).toBe(
      'Developmental delay; parent report',
    );
  });

  it('corrects by a new row; the table refuses UPDATE and DELETE', async () => {
    const first = await post(patient.Ethan!, {
      instrument: 'phqa',
      items: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
      answeredBy: 'patient',
    });
    expect(first.status).toBe(201);
    const noReason = await post(patient.Ethan!, {
      instrument: 'phqa',
      items: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
      answeredBy: 'patient',
      supersedes: first.body.id,
    });
    expect(noReason.status).toBe(400);
    const fixed = await post(patient.Ethan!, {
      instrument: 'phqa',
      items: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
      answeredBy: 'patient',
      supersedes: first.body.id,
      correctionReason: 'Item 8 entered in the wrong row',
    });
    expect(fixed.status).toBe(201);
    expect(fixed.body).toMatchObject({ total: 7, supersedes: first.body.id });
    const twice = await post(patient.Ethan!, {
      instrument: 'phqa',
      items: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      answeredBy: 'patient',
      supersedes: first.body.id,
      correctionReason: 'again',
    });
    expect(twice.status).toBe(409);

    const list = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Ethan}/assessments`,
      { token: pcp },
    );
    const old = list.body.assessments.find(
      (a: { id: string }) => a.id === first.body.id,
    );
    expect(old.supersededBy).toBe(fixed.body.id);

    const db = server.services.db;
    await expect(
      db.query('UPDATE assessments SET total = 0 WHERE id = $1', [
        first.body.id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query('DELETE FROM assessments WHERE id = $1', [first.body.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('reads the latest current assessment per patient and instrument', async () => {
    const { latestForPatients } = await import(
      '../../server/screening/assessment-repository'
    );
    const rows = await latestForPatients(
      server.services.db,
      [patient.Ethan!, patient.Lena!],
      'phqa',
    );
    expect(rows.map((r) => [r.patientId, r.total, r.supersededBy])).toEqual([
      [patient.Ethan, 7, null],
    ]);
    const all = await latestForPatients(server.services.db, [patient.Ethan!]);
    expect(all.map((r) => r.instrument).sort()).toEqual(['phqa', 'psc17']);
  });

  it('shows assessments to the care team only, audited', async () => {
    const foreign = await createForeignProgram(server.services.db);
    const other = await post(foreign.patientId, {
      instrument: 'phq9',
      items: Array(9).fill(0),
      answeredBy: 'patient',
    });
    expect(other.status).toBe(403);
    const admin = (await login(server.url, 'admin@demo.test')).token;
    const byAdmin = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Lena}/assessments`,
      { token: admin },
    );
    expect(byAdmin.status).toBe(403);
    const psych = (await login(server.url, 'psych.addiction@demo.test')).token;
    const byPsych = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Lena}/assessments`,
      { token: psych },
    );
    expect(byPsych.status).toBe(403);
    expect(byPsych.body.error.code).toBe('forbidden_screening');
    const coord = (await login(server.url, 'coordinator@demo.test')).token;
    const byCoord = await api(
      server.url,
      'GET',
      `/api/patients/${patient.Lena}/assessments`,
      { token: coord },
    );
    expect(byCoord.status).toBe(200);
    expect(byCoord.body.assessments.length).toBeGreaterThan(0);
    const { rows } = await server.services.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE patient_id = $1
         AND action LIKE 'assessment.%' ORDER BY id`,
      [patient.Lena],
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['assessment.create', 'assessment.list']),
    );
  });
});
