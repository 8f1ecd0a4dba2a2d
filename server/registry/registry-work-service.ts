import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../audit/audit-actor';
import { type AuditLog, auditInsert } from '../audit/audit-log';
import { patientTimeZone } from '../billing/billing-facts-repository';
import { recomputePatientMonth } from '../billing/billing-recompute';
import { localDate, monthOf } from '../billing/calendar-days';
import { toLedgerTimes } from '../billing/ledger-entry-input';
import { insertLedgerEntry } from '../billing/ledger-repository';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { badRequest, conflict } from '../errors';
import type { Logger } from '../logger';
import type { RegistryEpisode } from './registry-episode';
import { registryProgram } from './registry-program';
import { type ContactBody, isPastDate, type ReviewBody } from './registry-work';
import {
  contactInsert,
  contactNextDate,
  contactSummary,
  nextContactSummary,
  reviewInsert,
  reviewSummary,
  taskDecision,
} from './registry-work-repository';

export interface RegistryWorkDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

/**
 * The work that produces collaborative-care time: a care manager's contact
 * and a consultant's case review each write one care-management ledger row
 * (the row the billing engine reads: the minutes are entered once) with
 * the contact or review that explains it, in one transaction; the month is
 * then recoded. A PCP accepts or declines a review's recommendation.
 */
export class RegistryWork {
  constructor(private readonly deps: RegistryWorkDeps) {}

  /**
   * A video contact's call passes its consult: a second contact of the same
   * call is refused by the unique index with the ledger row (null returned).
   */
  async logContact(
    actor: AuditActor,
    e: RegistryEpisode,
    body: ContactBody,
    fromCall?: { consultId: string },
  ): Promise<string | null> {
    const now = this.deps.clock.now();
    const times = toLedgerTimes(
      {
        activity: 'care_management',
        startedAt: body.startedAt,
        endedAt: body.endedAt,
        minutes: body.minutes,
      },
      'care_manager',
      now,
    );
    const id = randomUUID();
    const written = await this.deps.db
      .transaction(async (tx) => {
        const ledgerEntryId = await insertLedgerEntry(
          tx,
          {
            patientId: e.patientId,
            consultId: null,
            clinicianId: actor.userId,
            role: 'care_manager',
            ...times,
            enteredBy: actor.userId,
          },
          now,
        );
        await runStatement(
          tx,
          allOrNone(
            [
              contactInsert({
                id,
                enrollmentId: e.enrollmentId,
                patientId: e.patientId,
                careManagerId: actor.userId,
                mode: body.mode,
                outcome: body.outcome,
                contactedAt: times.startedAt,
                ledgerEntryId,
                nextContactOn: body.nextContactOn ?? null,
                now,
                consultId: fromCall?.consultId ?? null,
              }),
              contactSummary(
                e.enrollmentId,
                times.startedAt,
                body.nextContactOn ?? null,
              ),
              auditInsert({
                ...actor,
                action: 'registry.contact',
                patientId: e.patientId,
                resourceType: 'registry_contact',
                resourceId: id,
                details: {
                  mode: body.mode,
                  ledgerEntryId,
                  ...(fromCall ? { consultId: fromCall.consultId } : {}),
                },
              }),
            ],
            0,
          ),
        );
        return true;
      })
      .catch((err: unknown) => {
        if (fromCall && (err as { code?: string })?.code === '23505')
          return false;
        throw err;
      });
    if (!written) return null;
    await this.recodeMonth(e.patientId, times.startedAt);
    return id;
  }

  /**
   * Sets (or changes) a written contact's next contact date, typically a
   * video contact's, which its call wrote without one. In one statement:
   * the contact, the episode's next contact if this is its latest contact,
   * and the audit row. A date before the program's today is refused.
   */
  async setNextContact(
    actor: AuditActor,
    c: { contactId: string; episode: RegistryEpisode },
    nextContactOn: string,
  ): Promise<{ id: string; nextContactOn: string }> {
    const e = c.episode;
    if (e.endedOn)
      throw conflict('episode_ended', 'This registry episode has ended.');
    const { timeZone } = await registryProgram(this.deps.db, e.programId);
    const today = localDate(this.deps.clock.now(), timeZone);
    if (isPastDate(nextContactOn, today))
      throw badRequest(
        'date_in_past',
        `The next contact date must be today (${today}) or later.`,
      );
    const { rows } = await runStatement<{ id: string; nextContactOn: string }>(
      this.deps.db,
      allOrNone(
        [
          contactNextDate(c.contactId, nextContactOn),
          nextContactSummary(e.enrollmentId, c.contactId, nextContactOn),
          auditInsert({
            ...actor,
            action: 'registry.contact_next_date',
            patientId: e.patientId,
            resourceType: 'registry_contact',
            resourceId: c.contactId,
            details: { nextContactOn },
          }),
        ],
        0,
      ),
    );
    return rows[0]!;
  }

  async recordReview(
    actor: AuditActor,
    e: RegistryEpisode,
    body: ReviewBody,
  ): Promise<string> {
    const now = this.deps.clock.now();
    const id = randomUUID();
    const startedAt = new Date(now.getTime() - body.minutes * 60_000);
    await this.deps.db.transaction(async (tx) => {
      // The consultant's own time: counted by the billing engine only where
      // the payer counts the whole team (countTeamTime).
      const ledgerEntryId = await insertLedgerEntry(
        tx,
        {
          patientId: e.patientId,
          consultId: null,
          clinicianId: actor.userId,
          role: 'consultant',
          activity: 'care_management',
          startedAt,
          endedAt: null,
          minutes: body.minutes,
          enteredBy: actor.userId,
        },
        now,
      );
      await runStatement(
        tx,
        allOrNone(
          [
            reviewInsert({
              id,
              enrollmentId: e.enrollmentId,
              patientId: e.patientId,
              practiceId: e.practiceId,
              consultantId: actor.userId,
              pcpId: e.pcpId,
              recommendation: body.recommendation,
              note: body.note,
              reviewedAt: now,
              ledgerEntryId,
            }),
            reviewSummary(e.enrollmentId, now, body.recommendation),
            auditInsert({
              ...actor,
              action: 'registry.review',
              patientId: e.patientId,
              resourceType: 'registry_review',
              resourceId: id,
              details: { recommendation: body.recommendation, ledgerEntryId },
            }),
          ],
          0,
        ),
      );
    });
    await this.recodeMonth(e.patientId, startedAt);
    return id;
  }

  async decide(
    actor: AuditActor,
    review: { id: string; patientId: string },
    decision: 'accepted' | 'declined',
  ): Promise<void> {
    const { rows } = await runStatement(
      this.deps.db,
      allOrNone(
        [
          taskDecision(
            review.id,
            decision,
            actor.userId,
            this.deps.clock.now(),
          ),
          auditInsert(
            {
              ...actor,
              action: 'registry.task_decision',
              patientId: review.patientId,
              resourceType: 'registry_review',
              resourceId: review.id,
              details: { decision },
            },
            // Written only if the decision was (w0 returned the row).
            { source: 'w0', patientId: 'NULL', resourceId: 'w0.id' },
          ),
        ],
        0,
      ),
    );
    if (!rows.length)
      throw conflict(
        'task_decided',
        'This recommendation was already decided.',
      );
  }

  private async recodeMonth(patientId: string, at: Date): Promise<void> {
    const tz = (await patientTimeZone(this.deps.db, patientId))!;
    await recomputePatientMonth(
      this.deps,
      patientId,
      monthOf(localDate(at, tz)),
    ).catch((err) =>
      this.deps.logger.error(
        { err, patientId },
        'billing recompute after registry work failed',
      ),
    );
  }
}
