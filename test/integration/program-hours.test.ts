import { addDays, localDate } from '../../server/billing/calendar-days';
import type { RunningServer } from '../../server/main';
import { demoPatientId, econsultBody } from '../support/econsult-fixtures';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

const REQUEST = {
  patient: {
    givenName: 'Ana',
    familyName: 'P',
    birthDate: '2012-05-01',
    sex: 'female',
    state: 'MA',
  },
  consultType: 'clinician_consult',
  reasonCategories: ['medication'],
  clinicalQuestion: 'Dose question',
  specialty: 'child_adolescent',
  urgency: 'routine',
  callback: { method: 'video' },
};

/**
 * Outside hours a request is refused with the next opening and crisis
 * guidance, and a scheduled callback is filed into the line by the sweep.
 */
describe('program hours and scheduled callbacks', () => {
  let server: RunningServer;
  let admin: Session, pcp: Session;
  const today = localDate(Date.now(), 'America/New_York');
  const tomorrow = addDays(today, 1);

  beforeAll(async () => {
    server = await startTestServer();
    [admin, pcp] = (await Promise.all(
      ['admin@demo.test', 'pcp@demo.test'].map((e) => login(server.url, e)),
    )) as [Session, Session];
    const every = Object.fromEntries(
      ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [
        d,
        [{ open: '09:00', close: '10:00' }],
      ]),
    );
    // Closed all day today: the next opening is 09:00 tomorrow, local.
    const put = await api(server.url, 'PUT', '/api/program/hours', {
      token: admin.token,
      body: { weekly: every, holidays: [today] },
    });
    expect(put.status).toBe(200);
  }, 120_000);
  afterAll(() => server?.close());

  it('refuses a request while closed, naming the next opening and 988/911', async () => {
    const hours = await api(server.url, 'GET', '/api/program/hours', {
      token: pcp.token,
    });
    expect(hours.body.status).toMatchObject({ configured: true, open: false });
    const opening = hours.body.status.nextOpening as string;
    expect(localDate(Date.parse(opening), 'America/New_York')).toBe(tomorrow);
    const r = await api(server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: REQUEST,
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('outside_hours');
    expect(r.body.error.details.nextOpening).toBe(opening);
    expect(r.body.error.message).toMatch(/988/);
    expect(r.body.error.message).toMatch(/911/);
    const { rows } = await server.services.db.query(
      'SELECT count(*)::int AS n FROM consults',
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('files a scheduled callback into the line when it is due', async () => {
    const s = await api(
      server.url,
      'POST',
      '/api/consults/scheduled-callbacks',
      { token: pcp.token, body: REQUEST },
    );
    expect(s.status).toBe(201);
    const db = server.services.db;
    await server.services.callbacks.sweep();
    expect(
      (
        await db.query('SELECT status FROM scheduled_callbacks WHERE id = $1', [
          s.body.id,
        ])
      ).rows[0]!.status,
    ).toBe('waiting');
    // The opening arrives (as after a restart: the row is all the sweep needs).
    await db.query(
      `UPDATE scheduled_callbacks SET ring_at = now() - interval '1 second' WHERE id = $1`,
      [s.body.id],
    );
    await server.services.callbacks.sweep();
    const { rows } = await db.query(
      `SELECT s.status, c.status AS consult_status, c.clinical_question
         FROM scheduled_callbacks s JOIN consults c ON c.id = s.consult_id WHERE s.id = $1`,
      [s.body.id],
    );
    expect(rows[0]).toEqual({
      status: 'filed',
      consult_status: 'queued',
      clinical_question: 'Dose question',
    });
  });

  it('accepts a written eConsult while closed: it never rings and waits for the opening', async () => {
    const r = await api(server.url, 'POST', '/api/consults', {
      token: pcp.token,
      body: econsultBody(await demoPatientId(server.services.db)),
    });
    expect(r.status).toBe(201);
    expect(r.body.consult).toMatchObject({
      consultType: 'econsult',
      status: 'pooled',
    });
    const { rows } = await server.services.db.query(
      'SELECT count(*)::int AS n FROM consult_offers WHERE consult_id = $1',
      [r.body.consult.id],
    );
    expect(rows[0]!.n).toBe(0);
  });
});
