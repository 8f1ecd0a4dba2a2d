import type { Queryable } from '../../server/db/database';
import type { RunningServer } from '../../server/main';
import { acceptedConsult, type ConsultFixture } from './consult-fixtures';
import { api, login, type Session } from './test-server';
import type { ShownConsentText } from '../../server/visits/consent-texts';

/** GET /api/visit/consent-texts: the texts to agree to, with their hashes. */
export interface ConsentTextsReply {
  texts: ShownConsentText[];
}

/**
 * Visits need a consult assigned to a psychiatrist and a known patient: Lena
 * Novak (an adult) or Maya Rivera (a minor, Spanish-speaking) from the demo seed.
 */
export const DEMO_ADULT = {
  givenName: 'Lena',
  familyName: 'Novak',
  birthDate: '1994-01-23',
} as const;
export const DEMO_MINOR = {
  givenName: 'Maya',
  familyName: 'Rivera',
  birthDate: '2011-04-02',
} as const;

export async function consultForPatient(
  db: Queryable,
  patient: { givenName: string },
  o: Parameters<typeof acceptedConsult>[1] = {},
): Promise<ConsultFixture> {
  const c = await acceptedConsult(db, o);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM patients WHERE given_name = $1 ORDER BY created_at LIMIT 1`,
    [patient.givenName],
  );
  await db.query(`UPDATE consults SET patient_id = $2 WHERE id = $1`, [
    c.consultId,
    rows[0]!.id,
  ]);
  return { ...c, patientId: rows[0]!.id };
}

/** The invite token from a link such as https://host/visit/join#t=<token>. */
export const tokenOf = (url: string) =>
  new URLSearchParams(new URL(url).hash.slice(1)).get('t') ?? '';

export interface VisitSetup {
  consult: ConsultFixture;
  psychiatrist: Session;
  visitId: string;
  phoneCode: string;
}

/** A consult for the patient, a signed-in psychiatrist, and a visit happening now. */
export async function visitNow(
  server: RunningServer,
  patient: { givenName: string } = DEMO_ADULT,
): Promise<VisitSetup> {
  const consult = await consultForPatient(server.services.db, patient);
  const psychiatrist = await login(server.url, 'psych.child@demo.test');
  const res = await api(
    server.url,
    'POST',
    `/api/consults/${consult.consultId}/visits`,
    { token: psychiatrist.token, body: {} },
  );
  if (res.status !== 201)
    throw new Error(
      `visit create failed: ${res.status} ${JSON.stringify(res.body)}`,
    );
  return {
    consult,
    psychiatrist,
    visitId: res.body.id,
    phoneCode: res.body.phoneCode,
  };
}

export async function invite(
  server: RunningServer,
  v: VisitSetup,
  body: Record<string, unknown>,
): Promise<{
  participantId: string;
  url: string;
  token: string;
  expiresAt: string;
}> {
  const res = await api(
    server.url,
    'POST',
    `/api/visits/${v.visitId}/participants`,
    { token: v.psychiatrist.token, body },
  );
  if (res.status !== 201)
    throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: tokenOf(res.body.url) };
}

/** Exchange, identity check, consent and waiting room, as the patient page does for an adult. */
export async function checkInAdult(
  server: RunningServer,
  inviteToken: string,
  audioOnly = false,
): Promise<string> {
  const ex = await api(server.url, 'POST', '/api/visit/exchange', {
    body: { token: inviteToken },
  });
  if (ex.status !== 200) throw new Error(`exchange failed: ${ex.status}`);
  const visitToken: string = ex.body.visitToken;
  await api(server.url, 'POST', '/api/visit/identity', {
    token: visitToken,
    body: { role: 'patient', ...DEMO_ADULT },
  });
  const texts = await api<ConsentTextsReply>(
    server.url,
    'GET',
    '/api/visit/consent-texts?language=en',
    { token: visitToken },
  );
  await api(server.url, 'POST', '/api/visit/consent', {
    token: visitToken,
    body: {
      language: 'en',
      signerName: 'Lena Novak',
      consents: texts.body.texts.map((t) => ({
        kind: t.kind,
        version: t.version,
        sha256: t.sha256,
      })),
    },
  });
  const w = await api(server.url, 'POST', '/api/visit/waiting-room', {
    token: visitToken,
    body: { audioOnly },
  });
  if (w.status !== 200)
    throw new Error(
      `waiting room failed: ${w.status} ${JSON.stringify(w.body)}`,
    );
  return visitToken;
}
