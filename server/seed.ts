import type { Database, Queryable } from './db/database';
import { hashPassword } from './auth/passwords';

/** The demo program that `npm start` creates. Listed in the README. */
export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_ACCOUNTS = [
  {
    email: 'pcp@demo.test',
    role: 'pcp',
    displayName: 'Dr. Paula Chen (pediatrics)',
    practice: 0,
    npi: '1000000001',
  },
  {
    email: 'pcp2@demo.test',
    role: 'pcp',
    displayName: 'Dr. Marcus Webb (family medicine)',
    practice: 0,
    npi: '1000000002',
  },
  {
    email: 'psych.child@demo.test',
    role: 'psychiatrist',
    displayName: 'Dr. Ana Ortiz (child & adolescent)',
    npi: '1000000003',
    specialties: ['child_adolescent', 'adult'],
    licensedStates: ['MA', 'NH', 'VT'],
    languages: ['en', 'es'],
  },
  {
    email: 'psych.perinatal@demo.test',
    role: 'psychiatrist',
    displayName: 'Dr. Ruth Okafor (perinatal)',
    npi: '1000000004',
    specialties: ['perinatal', 'adult'],
    licensedStates: ['MA'],
    languages: ['en'],
  },
  {
    email: 'psych.addiction@demo.test',
    role: 'psychiatrist',
    displayName: 'Dr. Sam Patel (addiction)',
    npi: '1000000005',
    specialties: ['addiction', 'adult'],
    licensedStates: ['MA', 'NH'],
    languages: ['en'],
  },
  {
    email: 'coordinator@demo.test',
    role: 'coordinator',
    displayName: 'Jordan Lee (coordinator)',
  },
  {
    email: 'bh@demo.test',
    role: 'bh_clinician',
    displayName: 'Rosa Alvarez, LICSW (behavioral health)',
    npi: '1000000006',
    specialties: [],
    licensedStates: ['MA', 'NH'],
    languages: ['en', 'es'],
  },
  { email: 'admin@demo.test', role: 'admin', displayName: 'Casey Admin' },
  { email: 'biller@demo.test', role: 'biller', displayName: 'Blake Biller' },
  {
    email: 'care.manager@demo.test',
    role: 'care_manager',
    displayName: 'Riley Park (care manager)',
    practice: 0,
  },
] as const;

export const DEMO_PATIENTS = [
  {
    givenName: 'Maya',
    familyName: 'Rivera',
    birthDate: '2011-04-02',
    sex: 'female',
    state: 'MA',
    preferredLanguage: 'es',
  },
  {
    givenName: 'Ethan',
    familyName: 'Brooks',
    birthDate: '2009-09-17',
    sex: 'male',
    state: 'NH',
    preferredLanguage: 'en',
  },
  {
    givenName: 'Lena',
    familyName: 'Novak',
    birthDate: '1994-01-23',
    sex: 'female',
    state: 'MA',
    preferredLanguage: 'en',
  },
] as const;

/** Idempotent: a second run finds the program and does nothing. */
export async function seedDemo(db: Database): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await tx.query<{ id: string }>(
      `SELECT id FROM programs WHERE name = 'Demo Child Psychiatry Access Program'`,
    );
    if (existing.rows.length) return { created: false };
    const program = await one(
      tx,
      `INSERT INTO programs (name, timezone) VALUES ('Demo Child Psychiatry Access Program', 'America/New_York') RETURNING id`,
    );
    const practice = await one(
      tx,
      `INSERT INTO practices (program_id, name, state) VALUES ($1, 'Riverbend Pediatrics', 'MA') RETURNING id`,
      [program],
    );
    const hash = await hashPassword(DEMO_PASSWORD);
    let firstPcp: string | null = null;
    for (const a of DEMO_ACCOUNTS) {
      const id = await one(
        tx,
        `INSERT INTO users (program_id, practice_id, email, password_hash, role, display_name, npi, specialties, licensed_states, languages)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          program,
          'practice' in a ? practice : null,
          a.email,
          hash,
          a.role,
          a.displayName,
          'npi' in a ? a.npi : null,
          'specialties' in a ? [...a.specialties] : [],
          'licensedStates' in a ? [...a.licensedStates] : [],
          'languages' in a ? [...a.languages] : ['en'],
        ],
      );
      if (a.role === 'pcp') firstPcp ??= id;
    }
    for (const p of DEMO_PATIENTS) {
      await tx.query(
        `INSERT INTO patients (practice_id, given_name, family_name, birth_date, sex, state, preferred_language, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          practice,
          p.givenName,
          p.familyName,
          p.birthDate,
          p.sex,
          p.state,
          p.preferredLanguage,
          firstPcp,
        ],
      );
    }
    await seedContacts(tx, program, practice);
    return { created: true };
  });
}

/** The demo's contact lines: what the ring, the report and a family's error page show. */
export const DEMO_CONTACTS = {
  practicePhone: '+16175550142',
  programLine: 'Psychiatry Access Line (617) 555-0199, weekdays 8 am to 6 pm',
  programPhone: '+16175550199',
} as const;

async function seedContacts(tx: Queryable, program: string, practice: string) {
  await tx.query(
    'UPDATE programs SET contact_line = $2, contact_phone = $3 WHERE id = $1',
    [program, DEMO_CONTACTS.programLine, DEMO_CONTACTS.programPhone],
  );
  await tx.query('UPDATE practices SET phone = $2 WHERE id = $1', [
    practice,
    DEMO_CONTACTS.practicePhone,
  ]);
  await tx.query(
    `UPDATE users SET credentials = 'MD'
      WHERE program_id = $1 AND role IN ('pcp', 'psychiatrist')`,
    [program],
  );
}

async function one(
  tx: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(sql, params);
  return rows[0]!.id;
}
