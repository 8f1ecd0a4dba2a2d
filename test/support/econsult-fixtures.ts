import type { Queryable } from '../../server/db/database';
import { api } from './test-server';

/**
 * Written eConsults for tests: a demo patient of the PCP's practice and a
 * request body. Requests go through the API, as a PCP's would.
 */
export async function demoPatientId(
  db: Queryable,
  state = 'MA',
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM patients p JOIN users u ON u.practice_id = p.practice_id
      WHERE u.email = 'pcp@demo.test' AND p.state = $1
      ORDER BY p.created_at, p.id LIMIT 1`,
    [state],
  );
  if (!rows[0]) throw new Error(`no demo patient in ${state}`);
  return rows[0].id;
}

export function econsultBody(patientId: string, extra: object = {}) {
  return {
    patientId,
    consultType: 'econsult',
    reasonCategories: ['medication'],
    clinicalQuestion: 'Sertraline failed at 8 weeks: what next?',
    specialty: 'child_adolescent',
    callback: { method: 'video' },
    ...extra,
  };
}

/** Files an eConsult as the PCP; returns its id. */
export async function fileEconsult(
  url: string,
  pcpToken: string,
  patientId: string,
  extra: object = {},
): Promise<string> {
  const r = await api(url, 'POST', '/api/consults', {
    token: pcpToken,
    body: econsultBody(patientId, extra),
  });
  if (r.status !== 201)
    throw new Error(
      `econsult not filed: ${r.status} ${JSON.stringify(r.body)}`,
    );
  return r.body.consult.id;
}

/** Gives a second demo psychiatrist the child specialty, so two may claim. */
export async function secondChildPsychiatrist(db: Queryable): Promise<void> {
  await db.query(
    `UPDATE users SET specialties = array_append(specialties, 'child_adolescent')
      WHERE email = 'psych.addiction@demo.test'
        AND NOT ('child_adolescent' = ANY(specialties))`,
  );
}
