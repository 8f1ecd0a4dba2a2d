import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../audit/audit-actor';
import { type AuditLog, auditInsert } from '../audit/audit-log';
import { recomputePatient } from '../billing/billing-recompute';
import { enrollmentEnd } from '../billing/patient-facts-repository';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { badRequest, conflict, invalidField } from '../errors';
import type { Logger } from '../logger';
import { findUserById } from '../org/users';
import type { Patient } from '../patients/patient';
import type { Role } from '../auth/roles';
import type {
  EnrollBody,
  EndReason,
  RegistryEpisode,
} from './registry-episode';
import {
  episodeEnd,
  episodeInserts,
  latestEpisode,
} from './registry-episode-repository';

export interface RegistryEpisodeDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === '23505';

/**
 * Puts a patient on the practice's registry (a CoCM/BHI care enrollment the
 * billing engine reads, plus the care team) and takes them off with a
 * reason. Each change is one statement with its audit row; the patient's
 * collaborative-care months are recomputed after.
 */
export class RegistryEpisodes {
  constructor(private readonly deps: RegistryEpisodeDeps) {}

  async enroll(
    actor: AuditActor,
    patient: Patient,
    body: EnrollBody,
  ): Promise<RegistryEpisode> {
    await this.assertMember(body.pcpId, patient, ['pcp'], 'pcpId', true);
    await this.assertMember(
      body.careManagerId,
      patient,
      ['care_manager'],
      'careManagerId',
      false,
    );
    await this.assertMember(
      body.consultantId,
      patient,
      ['psychiatrist'],
      'consultantId',
      false,
    );
    const id = randomUUID();
    const parts = [
      ...episodeInserts(
        id,
        {
          ...body,
          programId: patient.programId,
          practiceId: patient.practiceId,
        },
        actor.userId,
        this.deps.clock.now(),
      ),
      auditInsert({
        ...actor,
        action: 'registry.enroll',
        patientId: patient.id,
        resourceType: 'registry_enrollment',
        resourceId: id,
        details: { kind: body.kind },
      }),
    ];
    try {
      await runStatement(this.deps.db, allOrNone(parts, 1));
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(
          'already_on_registry',
          'The patient is already on the registry; end that episode first.',
        );
      throw err;
    }
    await this.recompute(patient.id);
    return (await latestEpisode(this.deps.db, patient.id))!;
  }

  async end(
    actor: AuditActor,
    episode: RegistryEpisode,
    endDate: string,
    reason: EndReason,
  ): Promise<RegistryEpisode> {
    if (episode.endedOn)
      throw conflict(
        'episode_ended',
        'This registry episode has already ended.',
      );
    if (endDate < episode.startedOn)
      throw invalidField('endDate', 'must not be before the start date');
    const { rows } = await runStatement<{ id: string }>(
      this.deps.db,
      allOrNone(
        [
          episodeEnd(episode.enrollmentId, endDate, reason),
          enrollmentEnd(episode.enrollmentId, endDate, actor.userId),
          auditInsert({
            ...actor,
            action: 'registry.end',
            patientId: episode.patientId,
            resourceType: 'registry_enrollment',
            resourceId: episode.enrollmentId,
            details: { reason },
          }),
        ],
        0,
      ),
    );
    if (!rows.length)
      throw conflict(
        'episode_ended',
        'This registry episode has already ended.',
      );
    await this.recompute(episode.patientId);
    return (await latestEpisode(this.deps.db, episode.patientId))!;
  }

  /** A care-team member must be an active user of the program in that role. */
  private async assertMember(
    id: string,
    patient: Patient,
    roles: readonly Role[],
    field: string,
    samePractice: boolean,
  ): Promise<void> {
    const u = await findUserById(this.deps.db, id);
    const ok =
      u?.active &&
      u.programId === patient.programId &&
      roles.includes(u.role) &&
      (!samePractice || u.practiceId === patient.practiceId);
    if (!ok) {
      const message = `must be an active ${roles.join(' or ')} of ${samePractice ? "the patient's practice" : 'this program'}`;
      throw badRequest(
        'validation_failed',
        `Please check the form. ${field}: ${message}`,
        [{ field, message }],
      );
    }
  }

  private recompute(patientId: string): Promise<unknown> {
    return recomputePatient(this.deps, patientId).catch((err) =>
      this.deps.logger.error(
        { err, patientId },
        'billing recompute after registry change failed',
      ),
    );
  }
}
