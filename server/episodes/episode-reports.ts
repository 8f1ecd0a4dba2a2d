import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { AppError, badRequest, notFound } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { EpisodeReportDraft } from '../../signaling/protocol/rest/episodes';
import type { Episode } from './episode';
import { type Actor, auditEpisode } from './episode-audit';
import {
  type EpisodeReport,
  findEpisodeReport,
  insertEpisodeAddendum,
  saveEpisodeDraft,
  signEpisodeReport,
} from './episode-repository';

export interface EpisodeReportsDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  live: LiveChannel;
}

/**
 * The written report to the referring PCP, like a consult report: a draft,
 * signed once (locked by trigger) and delivered live, then addenda. The
 * caller checked `episode_care` access for changes.
 */
export class EpisodeReports {
  constructor(private readonly deps: EpisodeReportsDeps) {}

  find(e: Episode): Promise<EpisodeReport | null> {
    return findEpisodeReport(this.deps.db, e.id);
  }

  async saveDraft(
    who: Actor,
    e: Episode,
    draft: EpisodeReportDraft,
  ): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (r?.status === 'signed')
        throw new AppError(
          'conflict',
          'report_signed',
          'The report is signed: add an addendum instead.',
        );
      await saveEpisodeDraft(tx, e.id, who.userId, draft, now);
      await auditEpisode(this.deps.audit, who, 'episode.report.save', e, tx);
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }

  /** Locks the report and delivers it to the referring PCP, live. */
  async sign(who: Actor, e: Episode): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    const reportId = await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (!r) throw notFound('The episode report');
      if (r.status === 'signed')
        throw new AppError(
          'conflict',
          'report_signed',
          'The report is already signed.',
        );
      const missing = (['summary', 'recommendations'] as const).filter(
        (f) => !r[f].trim(),
      );
      if (missing.length)
        throw badRequest(
          'validation_failed',
          'Please complete the report before signing.',
          missing.map((field) => ({ field, message: 'is required' })),
        );
      await signEpisodeReport(tx, r.id, now);
      await auditEpisode(this.deps.audit, who, 'episode.report.sign', e, tx, {
        deliveredTo: e.referredBy,
      });
      return r.id;
    });
    this.deps.live.toUser(e.referredBy, 'episode:report_delivered', {
      episodeId: e.id,
      reportId,
      addendumId: null,
      signedAt: now.toISOString(),
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }

  async addAddendum(
    who: Actor,
    e: Episode,
    body: string,
  ): Promise<EpisodeReport> {
    const now = this.deps.clock.now();
    const ids = await this.deps.db.transaction(async (tx) => {
      const r = await findEpisodeReport(tx, e.id);
      if (r?.status !== 'signed')
        throw badRequest(
          'report_not_signed',
          'The report is still a draft: edit it instead of adding an addendum.',
        );
      const addendumId = await insertEpisodeAddendum(
        tx,
        r.id,
        who.userId,
        body,
        now,
      );
      await auditEpisode(
        this.deps.audit,
        who,
        'episode.report.addendum',
        e,
        tx,
      );
      return { reportId: r.id, addendumId };
    });
    this.deps.live.toUser(e.referredBy, 'episode:report_delivered', {
      episodeId: e.id,
      ...ids,
      signedAt: now.toISOString(),
    });
    return (await findEpisodeReport(this.deps.db, e.id))!;
  }
}
