import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

const DRAFT = {
  question: 'Stimulant choice?',
  assessment: 'Combined-type ADHD.',
  recommendations: 'Start methylphenidate ER 18 mg.',
  verbalDiscussion: true,
};

describe('consult disposition, diagnosis categories and PCP feedback', () => {
  let server: RunningServer;
  let psych: Session, pcp: Session, admin: Session, coordinator: Session;
  const reportUrl = (id: string, s = '') => `/api/consults/${id}/report${s}`;
  const outcomeOf = async (id: string) =>
    (
      await server.services.db.query<{
        status: string;
        disposition: string | null;
        diagnosis_categories: string[];
      }>(
        'SELECT status, disposition, diagnosis_categories FROM consults WHERE id = $1',
        [id],
      )
    ).rows[0]!;

  beforeAll(async () => {
    server = await startTestServer();
    [psych, pcp, admin, coordinator] = (await Promise.all(
      [
        'psych.child@demo.test',
        'pcp@demo.test',
        'admin@demo.test',
        'coordinator@demo.test',
      ].map((e) => login(server.url, e)),
    )) as [Session, Session, Session, Session];
  }, 120_000);
  afterAll(() => server?.close());

  it('offers the base lists, and a program adds codes but never repeats one', async () => {
    const base = await api(server.url, 'GET', '/api/program/outcome-codes', {
      token: psych.token,
    });
    expect(base.status).toBe(200);
    expect(base.body.dispositions.map((d: { code: string }) => d.code)).toEqual(
      [
        'advice_to_pcp',
        'care_coordination',
        'direct_evaluation',
        'community_therapy',
        'psychiatry_referral',
        'ed_inpatient',
      ],
    );
    expect(base.body.diagnosisCategories).toHaveLength(12);
    const dup = await api(server.url, 'PUT', '/api/program/outcome-codes', {
      token: admin.token,
      body: { diagnosisCategories: [{ code: 'anxiety', label: 'Again' }] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details[0].field).toBe('diagnosisCategories.0.code');
    const put = await api(server.url, 'PUT', '/api/program/outcome-codes', {
      token: admin.token,
      body: {
        dispositions: [{ code: 'school_liaison', label: 'School liaison' }],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.dispositions.at(-1)).toEqual({
      code: 'school_liaison',
      label: 'School liaison',
    });
    expect(
      (
        await api(server.url, 'PUT', '/api/program/outcome-codes', {
          token: psych.token,
          body: {},
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a code outside the lists, and signing without a disposition', async () => {
    const c = await acceptedConsult(server.services.db, { status: 'wrap_up' });
    const bad = await api(server.url, 'PUT', reportUrl(c.consultId), {
      token: psych.token,
      body: { ...DRAFT, disposition: 'made_up_code' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { field: 'disposition', message: "is not in the program's list" },
    ]);
    await api(server.url, 'PUT', reportUrl(c.consultId), {
      token: psych.token,
      body: DRAFT,
    });
    const sign = await api(
      server.url,
      'POST',
      reportUrl(c.consultId, '/sign'),
      {
        token: psych.token,
      },
    );
    expect(sign.status).toBe(400);
    expect(sign.body.error.message).toMatch(/disposition/);
    expect((await outcomeOf(c.consultId)).status).toBe('wrap_up');
  });

  it('completes the consult with the coded outcome of the signed report', async () => {
    const c = await acceptedConsult(server.services.db, { status: 'wrap_up' });
    await api(server.url, 'PUT', reportUrl(c.consultId), {
      token: psych.token,
      body: {
        ...DRAFT,
        disposition: 'school_liaison',
        diagnosisCategories: ['adhd', 'behavior'],
      },
    });
    const sign = await api(
      server.url,
      'POST',
      reportUrl(c.consultId, '/sign'),
      {
        token: psych.token,
      },
    );
    expect(sign.status).toBe(200);
    expect(sign.body).toMatchObject({
      disposition: 'school_liaison',
      diagnosisCategories: ['adhd', 'behavior'],
    });
    expect(await outcomeOf(c.consultId)).toEqual({
      status: 'completed',
      disposition: 'school_liaison',
      diagnosis_categories: ['adhd', 'behavior'],
    });
  });

  it('the lifecycle itself refuses to complete without a disposition', async () => {
    const c = await acceptedConsult(server.services.db, { status: 'wrap_up' });
    await expect(
      server.services.consults.complete(
        c.consultId,
        { userId: c.psychiatristId, role: 'psychiatrist' },
        { disposition: '', diagnosisCategories: [] },
      ),
    ).rejects.toMatchObject({ code: 'disposition_required' });
    expect(await outcomeOf(c.consultId)).toMatchObject({
      status: 'wrap_up',
      disposition: null,
    });
  });

  it('takes the PCP feedback on a signed report only', async () => {
    const unsigned = await acceptedConsult(server.services.db, {
      status: 'wrap_up',
    });
    const early = await api(
      server.url,
      'PUT',
      `/api/consults/${unsigned.consultId}/feedback`,
      { token: pcp.token, body: { useful: true } },
    );
    expect(early.status).toBe(404);
    const c = await acceptedConsult(server.services.db, { status: 'wrap_up' });
    await api(server.url, 'PUT', reportUrl(c.consultId), {
      token: psych.token,
      body: { ...DRAFT, disposition: 'advice_to_pcp' },
    });
    await api(server.url, 'POST', reportUrl(c.consultId, '/sign'), {
      token: psych.token,
    });
    const given = await api(
      server.url,
      'PUT',
      `/api/consults/${c.consultId}/feedback`,
      {
        token: pcp.token,
        body: { useful: true, wouldHaveReferredOut: true, comment: 'Quick.' },
      },
    );
    expect(given.status).toBe(200);
    const read = await api(
      server.url,
      'GET',
      `/api/consults/${c.consultId}/feedback`,
      { token: coordinator.token },
    );
    expect(read.body.feedback).toMatchObject({
      useful: true,
      wouldHaveReferredOut: true,
      comment: 'Quick.',
    });
  });
});
