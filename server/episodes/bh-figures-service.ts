import type { AuditLog } from '../audit/audit-log';
import { monthBounds } from '../billing/calendar-days';
import type { Database } from '../db/database';
import { bhFigures, type PracticeFigures } from './bh-figures';
import { type EpisodeSession, scoreChange } from './episode';
import { type Actor, actorOf } from './episode-audit';
import { figureRows } from './bh-figures-repository';

/**
 * The month's behavioral health figures per practice (the program's time
 * zone): reads the rows, hands them to the pure `bhFigures`, audits.
 */
export class BhFiguresService {
  constructor(private readonly deps: { db: Database; audit: AuditLog }) {}

  /** A PCP sees their practice; coordinators and admins any or all. */
  async forMonth(
    who: Actor,
    month: string,
    practiceId: string | null,
  ): Promise<PracticeFigures[]> {
    const { rows } = await this.deps.db.query<{ timezone: string }>(
      'SELECT timezone FROM programs WHERE id = $1',
      [who.programId],
    );
    const bounds = monthBounds(month, rows[0]!.timezone);
    const scope = who.role === 'pcp' ? who.practiceId : practiceId;
    const r = await figureRows(this.deps.db, {
      programId: who.programId,
      practiceId: scope,
      start: new Date(bounds.start),
      end: new Date(bounds.end),
    });
    await this.deps.audit.record({
      ...actorOf(who),
      action: 'episode.figures',
      resourceType: 'episode',
      details: { month, practiceId: scope },
    });
    const byEpisode = new Map<string, EpisodeSession[]>();
    for (const s of r.sessions)
      byEpisode.set(s.episodeId, [...(byEpisode.get(s.episodeId) ?? []), s]);
    return bhFigures(
      r.handoffs.map((h) => ({
        practiceId: h.practiceId,
        requestedAt: h.requestedAt.getTime(),
        dueAt: h.dueAt.getTime(),
        answeredAt: h.answeredAt?.getTime() ?? null,
      })),
      r.episodes.map((e) => {
        const ss = byEpisode.get(e.id) ?? [];
        const change = scoreChange(ss);
        const twoScored =
          ss.filter((s) => s.instrument === change?.instrument).length >= 2;
        return {
          practiceId: e.practiceId,
          referredAt: e.referredAt.getTime(),
          origin: e.origin,
          firstSessionAt: ss[0]?.heldAt.getTime() ?? null,
          closedAt: e.closedAt?.getTime() ?? null,
          outcome: e.outcome,
          firstScore: twoScored ? change!.first : null,
          lastScore: twoScored ? change!.last : null,
        };
      }),
      bounds,
    );
  }
}
