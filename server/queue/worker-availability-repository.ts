import type { Queryable } from '../db/database';
import { runStatement, type Statement } from '../db/statement';
import type { Specialty } from '../org/users';
import type { Availability, WorkerState } from './queue-types';

/**
 * Psychiatrists and behavioral health clinicians with their stored
 * availability (psychiatrist_availability), and the writes that change it.
 */

interface WorkerRow {
  userId: string;
  role: string;
  programId: string;
  displayName: string;
  availability: Availability | null;
  changedAt: Date | null;
  idleSince: Date | null;
  specialties: Specialty[];
  licensedStates: string[];
  licenseEndsMs: Record<string, number>;
  languages: string[];
}

/** Psychiatrists of a program (or one) with their stored availability; never-seen ones are offline. */
export async function loadWorkers(
  db: Queryable,
  f: { programId?: string; userId?: string },
): Promise<WorkerState[]> {
  const { rows } = await db.query<WorkerRow>(
    `SELECT u.id AS "userId", u.role, u.program_id AS "programId", u.display_name AS "displayName", a.status AS availability,
            a.changed_at AS "changedAt", a.idle_since AS "idleSince", u.specialties, u.licensed_states AS "licensedStates", u.languages,
            COALESCE((SELECT json_object_agg(l.state, (extract(epoch FROM ((l.expires_on + 1)::timestamp AT TIME ZONE p.timezone)) * 1000)::bigint)
                        FROM user_licenses l WHERE l.user_id = u.id AND l.expires_on IS NOT NULL), '{}') AS "licenseEndsMs"
       FROM users u JOIN programs p ON p.id = u.program_id LEFT JOIN psychiatrist_availability a ON a.user_id = u.id
      WHERE u.role IN ('psychiatrist', 'bh_clinician') AND u.active AND ($1::uuid IS NULL OR u.program_id = $1) AND ($2::uuid IS NULL OR u.id = $2)`,
    [f.programId ?? null, f.userId ?? null],
  );
  return rows.map((r) => ({
    userId: r.userId,
    programId: r.programId,
    displayName: r.displayName,
    line: r.role === 'bh_clinician' ? 'behavioral_health' : 'psychiatry',
    availability: r.availability ?? 'offline',
    availabilitySinceMs: r.changedAt?.getTime() ?? 0,
    idleSinceMs: r.idleSince?.getTime() ?? 0,
    specialties: r.specialties,
    licensedStates: r.licensedStates.map((s) => s.trim()),
    licenseEndsMs: Object.fromEntries(
      Object.entries(r.licenseEndsMs).map(([s, ms]) => [s.trim(), Number(ms)]),
    ),
    languages: r.languages,
  }));
}

/** A chosen availability to store (see writeAvailability). */
export interface AvailabilityWrite {
  userId: string;
  programId: string;
  status: Availability;
  reason: string;
  now: Date;
  onlyFrom?: readonly Availability[];
}

/**
 * Stores a chosen availability. Becoming available restarts the idle clock.
 * `onlyFrom` makes it conditional (e.g. busy -> available only if still busy);
 * returns the new status, or null when the condition did not hold.
 */
export async function writeAvailability(
  tx: Queryable,
  a: AvailabilityWrite,
): Promise<{ status: Availability; idleSince: Date } | null> {
  const { rows } = await runStatement<{
    status: Availability;
    idleSince: Date;
  }>(tx, availabilityUpsert(a));
  return rows[0] ?? null;
}

/** writeAvailability as a statement; with `onlyWith`, written only if that CTE (a consult's move) returned a row. */
export function availabilityUpsert(
  a: AvailabilityWrite,
  onlyWith?: string,
): Statement {
  return {
    sql: `INSERT INTO psychiatrist_availability AS a (user_id, program_id, status, reason, changed_at, idle_since)
     SELECT $1::uuid, $2::uuid, $3, $4, $5::timestamptz, $5::timestamptz${onlyWith ? ` FROM ${onlyWith}` : ''}
     ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at,
       idle_since = CASE WHEN EXCLUDED.status = 'available' AND a.status <> 'available' THEN EXCLUDED.changed_at ELSE a.idle_since END
     WHERE $6::text[] IS NULL OR a.status = ANY($6::text[])
     RETURNING status, idle_since AS "idleSince"`,
    params: [
      a.userId,
      a.programId,
      a.status,
      a.reason,
      a.now,
      a.onlyFrom ? [...a.onlyFrom] : null,
    ],
  };
}

/**
 * writeAvailability's busy -> available for the psychiatrist a consult's
 * move (the CTE `upd`) names, as an alongside write of that move: the same
 * row and rules, its user and program read from the moved consult.
 */
export function availabilityFreedBy(reason: string, now: Date): Statement {
  return {
    sql: `INSERT INTO psychiatrist_availability AS a (user_id, program_id, status, reason, changed_at, idle_since)
     SELECT "assignedPsychiatristId", "programId", 'available', $1, $2::timestamptz, $2::timestamptz
       FROM upd WHERE "assignedPsychiatristId" IS NOT NULL
     ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at,
       idle_since = CASE WHEN EXCLUDED.status = 'available' AND a.status <> 'available' THEN EXCLUDED.changed_at ELSE a.idle_since END
     WHERE a.status = 'busy'
     RETURNING a.user_id`,
    params: [reason, now],
  };
}
