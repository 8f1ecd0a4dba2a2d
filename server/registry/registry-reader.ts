import { type AuditWriter, enforce } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import type { Database } from '../db/database';
import { notFound } from '../errors';
import { careTeamOf, type RegistryEpisode } from './registry-episode';
import { latestEpisode } from './registry-episode-repository';
import { findContact, findReview } from './registry-work-repository';
import { isUuid } from '../ids';

export interface RegistryReaderDeps {
  db: Database;
}

/**
 * A patient's registry episode as the caller may see it (reached as
 * `ctx.care.registry`): the access policy's `registry` row decides (care team
 * or the program's coordinators), a refusal is audited and thrown here.
 */
export class RegistryReader {
  constructor(
    private readonly deps: RegistryReaderDeps,
    private readonly who: Principal,
    private readonly audit: AuditWriter,
  ) {}

  /** The patient's episode (open, else latest); the read is audited. */
  async episode(patientId: string, action: string): Promise<RegistryEpisode> {
    const e = await this.episodeToChange(patientId, action);
    await this.audit({
      action,
      patientId: e.patientId,
      resourceType: 'registry_enrollment',
      resourceId: e.enrollmentId,
    });
    return e;
  }

  /** The episode the caller may act on; only a refusal is audited here. */
  async episodeToChange(
    patientId: string,
    action: string,
  ): Promise<RegistryEpisode> {
    const e = isUuid(patientId)
      ? await latestEpisode(this.deps.db, patientId)
      : null;
    if (!e) throw notFound('The registry episode', 'not_on_registry');
    await enforce(
      'registry',
      this.who,
      { programId: e.programId, careTeam: careTeamOf(e) },
      {
        action,
        patientId: e.patientId,
        resourceType: 'registry_enrollment',
        resourceId: e.enrollmentId,
      },
      this.audit,
    );
    return e;
  }

  /**
   * A contact the caller may change, with its episode: the policy's
   * `registry` row over that episode's care team (the route admits only
   * care managers, so only the team's care manager passes).
   */
  async contactToChange(contactId: string, action: string) {
    const c = isUuid(contactId)
      ? await findContact(this.deps.db, contactId)
      : null;
    if (!c) throw notFound('The contact');
    await enforce(
      'registry',
      this.who,
      { programId: c.episode.programId, careTeam: careTeamOf(c.episode) },
      {
        action,
        patientId: c.episode.patientId,
        resourceType: 'registry_contact',
        resourceId: c.contactId,
      },
      this.audit,
    );
    return c;
  }

  /**
   * A review task the caller may decide: only the PCP it was sent to (the
   * policy's care-team scope, with the task's PCP as the team).
   */
  async taskToDecide(reviewId: string, action: string) {
    const r = isUuid(reviewId)
      ? await findReview(this.deps.db, reviewId)
      : null;
    if (!r) throw notFound('The review task');
    await enforce(
      'registry',
      this.who,
      { programId: r.programId, careTeam: [r.pcpId] },
      {
        action,
        patientId: r.patientId,
        resourceType: 'registry_review',
        resourceId: r.id,
      },
      this.audit,
    );
    return r;
  }

  /**
   * Which registry rows a list may hold for the caller: the whole program
   * for a coordinator, else the episodes whose care team names them.
   */
  get listScope(): { programId: string; memberId: string | null } {
    return {
      programId: this.who.programId,
      memberId: this.who.role === 'coordinator' ? null : this.who.userId,
    };
  }
}
