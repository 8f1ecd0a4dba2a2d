import { conflict } from '../errors';
import type { Queryable } from '../db/database';
import { runStatement, type Statement } from '../db/statement';
import type { MoveOptions } from '../consults/consult-lifecycle';
import { ageOn } from '../patients/patient';
import type { Specialty } from '../org/users';
import type {
  Availability,
  LiveOffer,
  QueueEntry,
  QueueLineName,
  WorkerState,
} from './queue-types';
import { BANDS } from './queue-types';
import { DEFAULT_SERVICE_STATS, type ServiceStats } from './wait-estimate';

/** SQL the queue needs: what the live store is rebuilt from, and availability. */

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

const OFFER_COLUMNS = `id AS "offerId", consult_id AS "consultId", psychiatrist_id AS "workerId", program_id AS "programId",
  offered_at AS "offeredAt", expires_at AS "expiresAt", escalation_level AS "escalationLevel"`;

type OfferRow = Omit<LiveOffer, 'offeredAtMs' | 'expiresAtMs'> & {
  offeredAt: Date;
  expiresAt: Date;
};
const toLive = (r: OfferRow): LiveOffer => ({
  offerId: r.offerId,
  consultId: r.consultId,
  workerId: r.workerId,
  programId: r.programId,
  escalationLevel: r.escalationLevel,
  offeredAtMs: r.offeredAt.getTime(),
  expiresAtMs: r.expiresAt.getTime(),
});

export async function liveOffers(
  db: Queryable,
  programId: string,
): Promise<LiveOffer[]> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE program_id = $1 AND outcome IS NULL`,
    [programId],
  );
  return rows.map(toLive);
}

export async function liveOfferOf(
  db: Queryable,
  psychiatristId: string,
): Promise<LiveOffer | null> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE psychiatrist_id = $1 AND outcome IS NULL`,
    [psychiatristId],
  );
  return rows[0] ? toLive(rows[0]) : null;
}

/** Live offers held by a psychiatrist or made for a request (at most one each). */
export async function liveOffersTouching(
  db: Queryable,
  psychiatristId: string,
  consultId: string,
): Promise<LiveOffer[]> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM consult_offers WHERE outcome IS NULL AND (psychiatrist_id = $1 OR consult_id = $2)`,
    [psychiatristId, consultId],
  );
  return rows.map(toLive);
}

export async function expiredOfferIds(
  db: Queryable,
  now: Date,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM consult_offers WHERE outcome IS NULL AND expires_at <= $1 LIMIT 500',
    [now],
  );
  return rows.map((r) => r.id);
}

export type OfferOutcome =
  | 'accepted'
  | 'declined'
  | 'timed_out'
  | 'withdrawn'
  | 'abandoned';

/** Closes a ringing offer exactly once (conditional on it still ringing); null when it no longer was. */
export async function closeOffer(
  tx: Queryable,
  where: {
    offerId?: string;
    consultId?: string;
    psychiatristId?: string;
    expiredBy?: Date;
  },
  outcome: OfferOutcome,
  reason: string,
  now: Date,
): Promise<LiveOffer | null> {
  const { rows } = await tx.query<OfferRow>(
    `UPDATE consult_offers SET outcome = $5, outcome_reason = $6, decided_at = $7
      WHERE outcome IS NULL AND ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR consult_id = $2)
        AND ($3::uuid IS NULL OR psychiatrist_id = $3)
        AND ($4::timestamptz IS NULL OR expires_at <= $4)
      RETURNING ${OFFER_COLUMNS}`,
    [
      where.offerId ?? null,
      where.consultId ?? null,
      where.psychiatristId ?? null,
      where.expiredBy ?? null,
      outcome,
      reason,
      now,
    ],
  );
  return rows[0] ? toLive(rows[0]) : null;
}

/**
 * The offer row, as the guard of the consult's move to `offered` (one
 * statement, see MoveOptions.guard): written only if PostgreSQL agrees the
 * psychiatrist is available and the consult may move, and the move happens
 * only if it was written. The live store plans offers from its own copy, which
 * can lag (another instance just made them busy); locking the availability row
 * serializes with accept, so a psychiatrist on a call is never rung.
 */
export function offerGuard(o: LiveOffer): NonNullable<MoveOptions['guard']> {
  return {
    sql: (
      n,
    ) => `INSERT INTO consult_offers (id, consult_id, psychiatrist_id, program_id, escalation_level, offered_at, expires_at)
      SELECT $${n}, $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}
        FROM psychiatrist_availability a, prev
       WHERE a.user_id = $${n + 2} AND a.status = 'available' AND prev.status = ANY($2::text[])
         FOR UPDATE OF a
      RETURNING id`,
    params: [
      o.offerId,
      o.consultId,
      o.workerId,
      o.programId,
      o.escalationLevel,
      new Date(o.offeredAtMs),
      new Date(o.expiresAtMs),
    ],
    refusal: () =>
      conflict(
        'psychiatrist_not_available',
        'The psychiatrist is no longer available for an offer.',
      ),
  };
}

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

/**
 * Stores a chosen availability. Becoming available restarts the idle clock.
 * `onlyFrom` makes it conditional (e.g. busy -> available only if still busy);
 * returns the new status, or null when the condition did not hold.
 */
export async function writeAvailability(
  tx: Queryable,
  a: {
    userId: string;
    programId: string;
    status: Availability;
    reason: string;
    now: Date;
    onlyFrom?: readonly Availability[];
  },
): Promise<{ status: Availability; idleSince: Date } | null> {
  const { rows } = await runStatement<{
    status: Availability;
    idleSince: Date;
  }>(tx, availabilityUpsert(a));
  return rows[0] ?? null;
}

/** writeAvailability as a statement; with `onlyWith`, written only if that CTE (a consult's move) returned a row. */
export function availabilityUpsert(
  a: {
    userId: string;
    programId: string;
    status: Availability;
    reason: string;
    now: Date;
    onlyFrom?: readonly Availability[];
  },
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

/**
 * Closing the offer as accepted, as the guard of the consult's move to
 * `accepted` (see MoveOptions.guard): only a live, unexpired offer of this
 * psychiatrist, and only while the consult may move.
 */
export function acceptGuard(
  offerId: string,
  psychiatristId: string,
  now: Date,
): NonNullable<MoveOptions['guard']> {
  return {
    sql: (
      n,
    ) => `UPDATE consult_offers o SET outcome = 'accepted', outcome_reason = 'accepted', decided_at = $${n}
       FROM prev WHERE o.id = $${n + 1} AND o.psychiatrist_id = $${n + 2} AND o.outcome IS NULL AND o.expires_at > $${n}
         AND prev.status = ANY($2::text[])
      RETURNING o.id`,
    params: [now, offerId, psychiatristId],
    refusal: offerNotLive,
  };
}

export const offerNotLive = () =>
  conflict(
    'offer_not_live',
    'This request is no longer ringing for you: it was taken, withdrawn or timed out.',
  );

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
