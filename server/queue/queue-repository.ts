import type { Queryable } from '../db/database';
import { ageOn } from '../patients/patient';
import type { Specialty } from '../org/users';
import type { QueueEntry, QueueLineName } from './queue-types';
import { BANDS } from './queue-types';
import { DEFAULT_SERVICE_STATS, type ServiceStats } from './wait-estimate';

/**
 * SQL the queue needs: the waiting entries the live store is rebuilt from,
 * service figures and the programs with anything live. Offers are in
 * queue-offer-repository.ts, availability in
 * worker-availability-repository.ts.
 */

interface EntryRow {
  consultId: string;
  programId: string;
  requestedBy: string;
  urgency: 'routine' | 'urgent';
  emergency: boolean;
  frontOfLine: boolean;
  createdAt: Date;
  queuedAt: Date | null;
  updatedAt: Date;
  specialty: Specialty;
  language: string;
  escalationLevel: number;
  consultType: string;
  contactMode: string;
  reasonCategories: string[];
  patientState: string;
  birthDate: string;
  excluded: string[] | null;
}

type EntryFacts = Omit<EntryRow, 'excluded' | 'updatedAt'>;

/** A warm handoff rings behavioral health clinicians; every other request, psychiatrists. */
export function lineOfConsultType(consultType: string): QueueLineName {
  return consultType === 'warm_handoff' ? 'behavioral_health' : 'psychiatry';
}

/** A consult as a line entry: what routing needs and the summary an offer shows. */
export function queueEntry(
  r: EntryFacts,
  excluded: string[],
  now: Date,
): QueueEntry {
  return {
    consultId: r.consultId,
    line: lineOfConsultType(r.consultType),
    programId: r.programId,
    requestedBy: r.requestedBy,
    band: r.emergency
      ? BANDS.emergency
      : r.urgency === 'urgent'
        ? BANDS.urgent
        : BANDS.routine,
    frontOfLine: r.frontOfLine,
    waitingSinceMs: r.createdAt.getTime(),
    queuedAtMs: (r.queuedAt ?? r.createdAt).getTime(),
    specialty: r.specialty,
    patientState: r.patientState,
    language: r.language,
    excluded,
    summary: {
      consultType: r.consultType,
      contactMode: r.contactMode,
      urgency: r.urgency,
      emergency: r.emergency,
      reasonCategories: r.reasonCategories,
      patientAgeYears: ageOn(r.birthDate, now),
    },
  };
}

/** Waiting consults (queued/offered) as line entries, with the workers already tried at this escalation level. */
export async function loadEntries(
  db: Queryable,
  f: { programId?: string; consultId?: string },
  now: Date,
): Promise<QueueEntry[]> {
  const { rows } = await db.query<EntryRow>(
    `SELECT c.id AS "consultId", c.program_id AS "programId", c.requested_by AS "requestedBy", c.urgency, c.emergency,
            c.front_of_line AS "frontOfLine", c.created_at AS "createdAt", c.queued_at AS "queuedAt", c.updated_at AS "updatedAt",
            c.specialty, c.language, c.escalation_level AS "escalationLevel",
            CASE WHEN c.line = 'behavioral_health' THEN 'warm_handoff' ELSE c.consult_type END AS "consultType",
            c.contact_mode AS "contactMode", c.reason_categories AS "reasonCategories", p.state AS "patientState",
            p.birth_date::text AS "birthDate",
            (SELECT array_agg(DISTINCT o.psychiatrist_id::text) FROM consult_offers o
              WHERE o.consult_id = c.id AND o.outcome IN ('declined', 'timed_out') AND o.escalation_level >= c.escalation_level) AS excluded
       FROM consults c JOIN patients p ON p.id = c.patient_id
      WHERE c.status IN ('queued', 'offered') AND ($1::uuid IS NULL OR c.program_id = $1) AND ($2::uuid IS NULL OR c.id = $2)`,
    [f.programId ?? null, f.consultId ?? null],
  );
  return rows.map((r) => queueEntry(r, r.excluded ?? [], now));
}

/** Recent service, for the wait estimate. */
export async function serviceStats(
  db: Queryable,
  programId: string,
  since: Date,
): Promise<ServiceStats> {
  const { rows } = await db.query<{
    accept: number | null;
    consult: number | null;
  }>(
    `SELECT (avg(extract(epoch FROM (accepted_at - COALESCE(queued_at, created_at)))) / 60)::float8 AS accept,
            (avg(extract(epoch FROM (completed_at - accepted_at))) FILTER (WHERE completed_at IS NOT NULL) / 60)::float8 AS consult
       FROM consults WHERE program_id = $1 AND accepted_at IS NOT NULL AND accepted_at >= $2`,
    [programId, since],
  );
  const r = rows[0];
  return {
    avgAcceptMinutes: r?.accept ?? DEFAULT_SERVICE_STATS.avgAcceptMinutes,
    avgConsultMinutes: r?.consult ?? DEFAULT_SERVICE_STATS.avgConsultMinutes,
  };
}

/** Programs with anything live: waiting consults, live offers, or psychiatrists who set an availability. */
export async function livePrograms(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ programId: string }>(
    `SELECT program_id AS "programId" FROM consults WHERE status IN ('queued', 'offered')
     UNION SELECT program_id FROM psychiatrist_availability WHERE status <> 'offline'
     UNION SELECT program_id FROM consult_offers WHERE outcome IS NULL`,
  );
  return rows.map((r) => r.programId);
}
