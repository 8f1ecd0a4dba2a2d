import type { Queryable } from '../db/database';
import { findAssessment } from '../screening/assessment-repository';
import type { Consult } from './consult';

/** A clinician as a report and the ring name them. */
export interface ClinicianName {
  id: string;
  name: string;
  credentials: string | null;
}

/**
 * Who asks and who answers a consult, and how to reach them: the requesting
 * clinician with their practice and its number, the consulting
 * psychiatrist, and the program's contact line. Read only for a caller the
 * care reader already let read the consult.
 */
export interface ConsultPeople {
  requester: ClinicianName & {
    practiceName: string;
    practicePhone: string | null;
  };
  psychiatrist: ClinicianName | null;
  program: { name: string; contactLine: string | null };
  /** The attached assessment in brief: instrument, total, item 9 (PHQ). */
  screen: {
    instrument: string;
    total: number | null;
    item9: number | null;
  } | null;
}

interface Row {
  id: string;
  name: string;
  credentials: string | null;
  practiceName: string | null;
  practicePhone: string | null;
  programName: string;
  contactLine: string | null;
}

export async function consultPeople(
  db: Queryable,
  c: Consult,
): Promise<ConsultPeople> {
  const { rows } = await db.query<Row>(
    `SELECT u.id, u.display_name AS name, u.credentials,
            pr.name AS "practiceName", pr.phone AS "practicePhone",
            g.name AS "programName", g.contact_line AS "contactLine"
       FROM users u JOIN programs g ON g.id = u.program_id
       LEFT JOIN practices pr ON pr.id = $3
      WHERE u.id IN ($1, $2)`,
    [c.requestedBy, c.assignedPsychiatristId ?? c.requestedBy, c.practiceId],
  );
  const req = rows.find((r) => r.id === c.requestedBy)!;
  const psy = rows.find((r) => r.id === c.assignedPsychiatristId);
  const name = (r: Row): ClinicianName => ({
    id: r.id,
    name: r.name,
    credentials: r.credentials,
  });
  return {
    requester: {
      ...name(req),
      practiceName: req.practiceName ?? '',
      practicePhone: req.practicePhone,
    },
    psychiatrist: psy ? name(psy) : null,
    program: { name: req.programName, contactLine: req.contactLine },
    screen: c.assessmentId ? await screenOf(db, c.assessmentId) : null,
  };
}

async function screenOf(
  db: Queryable,
  assessmentId: string,
): Promise<ConsultPeople['screen']> {
  const a = await findAssessment(db, assessmentId);
  if (!a) return null;
  return {
    instrument: a.instrument,
    total: a.total,
    item9: a.instrument.startsWith('phq') ? (a.itemValues[8] ?? null) : null,
  };
}
