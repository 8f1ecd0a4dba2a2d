import type { CareReader } from '../care/care-reader';
import { AppError, invalidField } from '../errors';
import type { Patient } from '../patients/patient';
import type { SafetyAlert } from '../screening/safety-alert-repository';
import type { SafetyAlertService } from '../screening/safety-alert-service';

/**
 * The screening alert a PCP had open when asking for a warm handoff. It
 * must be this patient's, and the caller must be allowed to act on the
 * patient's screenings; otherwise the request is refused before anything
 * rings. A missing alert is a form problem (400), not a missing route.
 */
export async function alertForHandoff(
  alerts: Pick<SafetyAlertService, 'find'>,
  care: CareReader,
  patient: Patient,
  alertId: string,
): Promise<SafetyAlert> {
  const alert = await alerts
    .find(care, alertId, 'handoff.request')
    .catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'safety_alert_not_found')
        throw invalidField('alertId', 'no such safety alert');
      throw err;
    });
  if (alert.patientId !== patient.id)
    throw invalidField('alertId', 'is not an alert of this patient');
  return alert;
}

/**
 * Records the handoff as what was done about the alert, naming the
 * handoff's consult. Someone who acknowledged it meanwhile keeps their
 * record (the first acknowledgement stands).
 */
export async function acknowledgeByHandoff(
  alerts: Pick<SafetyAlertService, 'acknowledge'>,
  care: CareReader,
  alert: SafetyAlert,
  consultId: string,
): Promise<void> {
  if (alert.ackAt) return;
  await alerts
    .acknowledge(care, alert.id, { action: 'warm_handoff' }, consultId)
    .catch((err: unknown) => {
      if (!(err instanceof AppError && err.kind === 'conflict')) throw err;
    });
}
