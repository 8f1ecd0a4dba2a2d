import type { AuditLog } from '../audit/audit-log';
import { auditInsert } from '../audit/audit-log';
import type { CareReader } from '../care/care-reader';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { allOrNone, runStatement, type Statement } from '../db/statement';
import { conflict, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import type { Acknowledgement } from '../../signaling/protocol/rest/safety-alerts';
import {
  acknowledgementInsert,
  alertsForPatient,
  escalateDue,
  findSafetyAlert,
  openAlertsFor,
  type SafetyAlert,
  safetyAlertInsert,
} from './safety-alert-repository';
import type { SafetyFlag } from './score-assessment';
import { isUuid } from '../ids';

export interface SafetyAlertServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  audit: AuditLog;
}

/** Who an alert is about and who ordered the screen: where pushes go. */
export interface AlertTarget {
  alertId: string;
  programId: string;
  patientId: string;
  orderedBy: string;
}

/**
 * The one owner of the safety loop: opens an alert with the assessment that
 * raised it, tells the ordering clinician and the program's coordinators at
 * once, records who acknowledged it and what they did, and escalates once
 * what nobody acknowledged in the program's time (SafetyAlertSweeper).
 */
export class SafetyAlertService {
  constructor(private readonly deps: SafetyAlertServiceDeps) {}

  /** The alert row, to be written in the assessment's own statement. */
  openStatement(a: {
    id: string;
    programId: string;
    patientId: string;
    assessmentId: string;
    orderedBy: string;
    flags: readonly SafetyFlag[];
    openedAt: Date;
  }): Statement {
    return safetyAlertInsert(a);
  }

  /** After commit: the ordering clinician and the coordinators see it now. */
  announce(t: AlertTarget): void {
    const payload = { alertId: t.alertId, patientId: t.patientId };
    this.deps.live.toUser(t.orderedBy, 'screening:alert-opened', payload);
    this.deps.live.toRole(
      t.programId,
      'coordinator',
      'screening:alert-opened',
      payload,
    );
  }

  /** Unacknowledged alerts the caller is told about. */
  async openFor(care: CareReader): Promise<SafetyAlert[]> {
    const alerts = await openAlertsFor(this.deps.db, {
      userId: care.who.userId,
      programId: care.who.programId,
      seesProgram: care.who.role === 'coordinator',
    });
    await care.audit({
      action: 'safety_alert.list',
      resourceType: 'safety_alert',
      details: { count: alerts.length },
    });
    return alerts;
  }

  /** Every alert of a patient, acknowledged ones with who and what. */
  async forPatient(
    care: CareReader,
    patientId: string,
  ): Promise<SafetyAlert[]> {
    const patient = await care.patientToChange(
      patientId,
      'safety_alert.history',
      'screening',
    );
    const rows = await alertsForPatient(this.deps.db, patient.id);
    await care.audit({
      action: 'safety_alert.history',
      patientId: patient.id,
      resourceType: 'safety_alert',
      details: { count: rows.length },
    });
    return rows;
  }

  /** An alert the caller may act on (the patient's care team). */
  async find(
    care: CareReader,
    alertId: string,
    action: string,
  ): Promise<SafetyAlert> {
    const alert = isUuid(alertId)
      ? await findSafetyAlert(this.deps.db, alertId)
      : null;
    if (!alert) throw notFound('The safety alert', 'safety_alert_not_found');
    await care.patientToChange(alert.patientId, action, 'screening');
    return alert;
  }

  /**
   * Records who acknowledged the alert, when, and what they did, with its
   * audit row in one statement. A second acknowledgement is a 409: the
   * first one stands and can never be removed.
   */
  async acknowledge(
    care: CareReader,
    alertId: string,
    ack: Acknowledgement,
    consultId: string | null = null,
  ): Promise<SafetyAlert> {
    const alert = await this.find(care, alertId, 'safety_alert.acknowledge');
    const now = this.deps.clock.now();
    const insert = acknowledgementInsert({
      alertId: alert.id,
      by: care.who.userId,
      at: now,
      action: ack.action,
      note: ack.note ?? null,
      consultId,
    });
    const audit = auditInsert(
      {
        ...care.actor,
        action: 'safety_alert.acknowledge',
        patientId: alert.patientId,
        resourceType: 'safety_alert',
        resourceId: alert.id,
        details: { action: ack.action, consultId },
      },
      { source: 'w0', patientId: 'NULL', resourceId: 'w0.alert_id' },
    );
    const { rows } = await runStatement(
      this.deps.db,
      allOrNone([insert, audit], 0),
    );
    if (rows.length === 0)
      throw conflict(
        'safety_alert_already_acknowledged',
        'This safety alert was already acknowledged.',
      );
    const payload = { alertId: alert.id, patientId: alert.patientId };
    this.deps.live.toUser(
      alert.orderedBy,
      'screening:alert-acknowledged',
      payload,
    );
    this.deps.live.toRole(
      alert.programId,
      ['coordinator', 'admin'],
      'screening:alert-acknowledged',
      payload,
    );
    return (await findSafetyAlert(this.deps.db, alert.id))!;
  }

  /**
   * Escalates, once, every alert nobody acknowledged in time: to the
   * program's coordinators and admins (the escalation contacts) and again
   * to the ordering clinician. Safe on any number of instances.
   */
  async escalateDue(): Promise<number> {
    const escalated = await escalateDue(this.deps.db, this.deps.clock.now());
    for (const t of escalated) {
      await this.deps.audit.record({
        action: 'safety_alert.escalate',
        actorLabel: 'system',
        patientId: t.patientId,
        resourceType: 'safety_alert',
        resourceId: t.alertId,
      });
      const payload = { alertId: t.alertId, patientId: t.patientId };
      this.deps.live.toRole(
        t.programId,
        ['coordinator', 'admin'],
        'screening:alert-escalated',
        payload,
      );
      this.deps.live.toUser(t.orderedBy, 'screening:alert-escalated', payload);
    }
    return escalated.length;
  }
}
