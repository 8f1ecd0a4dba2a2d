import type { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { Database, Queryable } from '../db/database';
import { conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Patient } from '../patients/patient';
import type { TimeRole } from './billing-facts';
import {
  callEventsForConsult,
  ledgerForConsult,
  patientTimeZone,
  programTimeZone,
} from './billing-facts-repository';
import { recomputeConsult, recomputePatientMonth } from './billing-recompute';
import { localDate, monthBounds, monthOf } from './calendar-days';
import { consultTime } from './consult-time';
import type { correctionSchema, timeEntrySchema } from './ledger-entry-input';
import { toLedgerTimes } from './ledger-entry-input';
import {
  findLedgerEntry,
  insertLedgerEntry,
  type LedgerEntry,
  listCareLedger,
  listConsultLedger,
  type NewLedgerEntry,
} from './ledger-repository';
import { isUuid } from '../ids';

export { ledgerEntryToJson, type LedgerEntry } from './ledger-repository';

export interface LedgerServiceDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

type Correction = z.output<typeof correctionSchema>;
type TimeEntry = z.output<typeof timeEntrySchema>;

/**
 * The time ledger of a consult or a patient's care management: append-only
 * rows, each written with its audit row; corrections supersede. The consult
 * or patient comes from the care reader, which checked the caller's access.
 */
export class LedgerService {
  constructor(private readonly deps: LedgerServiceDeps) {}

  /** Every row of the consult and the counted time per billing clinician. */
  async consultLedger(consult: Consult) {
    const [entries, callEvents, ledger] = await Promise.all([
      listConsultLedger(this.deps.db, consult.id),
      callEventsForConsult(this.deps.db, consult.id),
      ledgerForConsult(this.deps.db, consult.id),
    ]);
    const time = consultTime({
      consult: {
        requestedBy: consult.requestedBy,
        consultantId: consult.assignedPsychiatristId,
      },
      callEvents,
      ledger,
    });
    return { entries, time };
  }

  /** A row of this consult, or 404. */
  async consultEntry(consult: Consult, entryId: string | undefined) {
    const entry = await this.entry(entryId);
    if (!entry || entry.consultId !== consult.id)
      throw notFound('The time entry');
    return entry;
  }

  /** A care-management row of this patient, or 404. */
  async careEntry(patient: Patient, entryId: string | undefined) {
    const entry = await this.entry(entryId);
    if (
      !entry ||
      entry.patientId !== patient.id ||
      entry.activity !== 'care_management'
    )
      throw notFound('The time entry');
    return entry;
  }

  private async entry(id: string | undefined): Promise<LedgerEntry | null> {
    return id && isUuid(id) ? findLedgerEntry(this.deps.db, id) : null;
  }

  /** Care-management rows of one local month of the patient's program. */
  async careMonth(patient: Patient, month: string): Promise<LedgerEntry[]> {
    const tz = (await programTimeZone(this.deps.db, patient.programId))!;
    const { start, end } = monthBounds(month, tz);
    return listCareLedger(
      this.deps.db,
      patient.id,
      new Date(start),
      new Date(end),
    );
  }

  /** The caller's own time on a consult (role: consultant or requesting). */
  async logConsultTime(
    actor: AuditActor,
    consult: Consult,
    role: TimeRole,
    body: TimeEntry,
  ): Promise<LedgerEntry> {
    const times = toLedgerTimes(body, role, this.deps.clock.now());
    const id = await this.append(
      actor,
      {
        patientId: consult.patientId,
        consultId: consult.id,
        clinicianId: actor.userId,
        role,
        ...times,
        enteredBy: actor.userId,
      },
      {
        action: 'time.create',
        details: { consultId: consult.id, activity: times.activity },
      },
    );
    await this.refreshConsult(consult.id);
    return (await findLedgerEntry(this.deps.db, id))!;
  }

  /** Care-manager time (collaborative care / BHI) on a patient. */
  async logCareTime(
    actor: AuditActor,
    patient: Patient,
    role: TimeRole,
    body: TimeEntry,
  ): Promise<LedgerEntry> {
    const { id, startedAt } = await this.deps.db.transaction((tx) =>
      this.appendCareTime(tx, actor, patient, role, body),
    );
    await this.refreshMonth(patient.id, startedAt);
    return (await findLedgerEntry(this.deps.db, id))!;
  }

  /**
   * Care time written in the caller's transaction, so the record that owns
   * it (a behavioral health session) and its minutes commit together or not
   * at all. The caller runs `refreshCareMonth` once it committed.
   */
  async appendCareTime(
    tx: Queryable,
    actor: AuditActor,
    patient: Patient,
    role: TimeRole,
    body: TimeEntry,
  ): Promise<{ id: string; startedAt: Date }> {
    const times = toLedgerTimes(body, 'care_manager', this.deps.clock.now());
    const id = await this.appendIn(
      tx,
      actor,
      {
        patientId: patient.id,
        consultId: null,
        clinicianId: actor.userId,
        role,
        ...times,
        enteredBy: actor.userId,
      },
      { action: 'care_time.create' },
    );
    return { id, startedAt: times.startedAt };
  }

  /** Recomputes the patient's billing month after care time committed. */
  refreshCareMonth(patientId: string, at: Date): Promise<void> {
    return this.refreshMonth(patientId, at);
  }

  async correctConsultTime(
    actor: AuditActor,
    consult: Consult,
    original: LedgerEntry,
    body: Correction,
  ): Promise<LedgerEntry> {
    const id = await this.append(
      actor,
      this.correction(actor, original, body),
      {
        action: 'time.correct',
        details: {
          consultId: consult.id,
          supersedes: original.id,
          voids: body.void === true,
        },
      },
    );
    await this.refreshConsult(consult.id);
    return (await findLedgerEntry(this.deps.db, id))!;
  }

  async correctCareTime(
    actor: AuditActor,
    patient: Patient,
    original: LedgerEntry,
    body: Correction,
  ): Promise<LedgerEntry> {
    const id = await this.append(
      actor,
      this.correction(actor, original, body),
      {
        action: 'care_time.correct',
        details: { supersedes: original.id },
      },
    );
    const corrected = (await findLedgerEntry(this.deps.db, id))!;
    await this.refreshMonth(patient.id, original.startedAt);
    if (corrected.startedAt.getTime() !== original.startedAt.getTime())
      await this.refreshMonth(patient.id, corrected.startedAt);
    return corrected;
  }

  /** The correction row: same clinician and role; new times, or a void. */
  private correction(
    actor: AuditActor,
    original: LedgerEntry,
    body: Correction,
  ): NewLedgerEntry {
    if (original.supersededBy)
      throw conflict(
        'entry_already_corrected',
        'This entry was already corrected: correct the latest correction instead.',
        { supersededBy: original.supersededBy },
      );
    if (original.voids)
      throw conflict(
        'entry_is_removal',
        'This row removes an entry; add a new entry instead.',
      );
    const times = body.void
      ? {
          activity: original.activity,
          startedAt: original.startedAt,
          endedAt: original.endedAt,
          minutes: original.minutes,
        }
      : toLedgerTimes(body.entry, original.role, this.deps.clock.now());
    return {
      ...original,
      ...times,
      supersedes: original.id,
      voids: body.void === true,
      reason: body.reason,
      enteredBy: actor.userId,
    };
  }

  /** One row and its audit row, committed together. */
  private append(
    actor: AuditActor,
    row: NewLedgerEntry,
    audit: { action: string; details?: Record<string, unknown> },
  ): Promise<string> {
    return this.deps.db.transaction((tx) =>
      this.appendIn(tx, actor, row, audit),
    );
  }

  private async appendIn(
    tx: Queryable,
    actor: AuditActor,
    row: NewLedgerEntry,
    audit: { action: string; details?: Record<string, unknown> },
  ): Promise<string> {
    const id = await insertLedgerEntry(tx, row, this.deps.clock.now());
    await this.deps.audit.record(
      {
        ...actor,
        ...audit,
        patientId: row.patientId,
        resourceType: 'time_entry',
        resourceId: id,
      },
      tx,
    );
    return id;
  }

  private refreshConsult(id: string): Promise<unknown> {
    return recomputeConsult(this.deps, id).catch((err) =>
      this.deps.logger.error(
        { err, consultId: id },
        'billing recompute after time entry failed',
      ),
    );
  }

  private async refreshMonth(patientId: string, at: Date): Promise<void> {
    const tz = (await patientTimeZone(this.deps.db, patientId))!;
    await recomputePatientMonth(
      this.deps,
      patientId,
      monthOf(localDate(at, tz)),
    ).catch((err) =>
      this.deps.logger.error(
        { err, patientId },
        'billing recompute after care time failed',
      ),
    );
  }
}
