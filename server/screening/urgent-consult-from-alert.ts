import type { CareReader } from '../care/care-reader';
import type { Consult } from '../consults/consult';
import type { ConsultService } from '../consults/consult-service';
import { AppError } from '../errors';
import { findInstrument } from './instruments';
import { ageOn } from '../patients/patient';
import type { Clock } from '../clock';
import type { SafetyAlertService } from './safety-alert-service';

/**
 * The alert's one-click action for the patient's PCP: an urgent consult
 * request about this patient with the assessment attached, then the alert
 * acknowledged as `consult_requested` naming the consult. The idempotency
 * key is the alert's, so a second click returns the same consult.
 */
export async function urgentConsultFromAlert(
  deps: { consults: ConsultService; alerts: SafetyAlertService; clock: Clock },
  care: CareReader,
  alertId: string,
): Promise<{ consult: Consult; created: boolean }> {
  const alert = await deps.alerts.find(care, alertId, 'consult.create');
  const patient = await care.patientToChange(alert.patientId, 'consult.create');
  const name = findInstrument(alert.instrument)?.name ?? alert.instrument;
  const age = ageOn(patient.birthDate, deps.clock.now());
  const { consult, created } = await deps.consults.create(
    care.who,
    {
      patientId: patient.id,
      consultType: 'clinician_consult',
      contactMode: 'video',
      reasonCategories: ['safety'],
      clinicalQuestion:
        `${name} answered ${alert.openedAt.toISOString().slice(0, 10)} ` +
        `with a positive safety item: ${alert.flags
          .map((f) => f.reason)
          .join(' ')} Please call back today about risk assessment and ` +
        'next steps.',
      urgency: 'urgent',
      emergency: false,
      specialty: age < 18 ? 'child_adolescent' : 'adult',
      language: patient.preferredLanguage,
      callback: { method: 'video' },
      assessmentId: alert.assessmentId,
      idempotencyKey: `safety-alert-${alert.id}`,
    },
    care.origin,
  );
  if (!alert.ackAt)
    await deps.alerts
      .acknowledge(care, alert.id, { action: 'consult_requested' }, consult.id)
      .catch((err: unknown) => {
        // Someone acknowledged it meanwhile: their record stands.
        if (!(err instanceof AppError && err.kind === 'conflict')) throw err;
      });
  return { consult, created };
}
