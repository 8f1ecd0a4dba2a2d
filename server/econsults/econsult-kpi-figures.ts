import type { Database } from '../db/database';
import { median } from '../episodes/bh-figures';
import { distinctFigure, type Figure } from '../kpis/kpi-figure';
import type { KpiSectionSource } from '../kpis/kpi-sections';

/** One written eConsult filed in the period, as the KPI section needs it. */
export interface EconsultKpiFact {
  consultId: string;
  status: string;
  queuedAtMs: number;
  claimedAtMs: number | null;
  completedAtMs: number | null;
  pausedSeconds: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Claim and reply times of written eConsults (issue 20): minutes from the
 * pool to a claim, and to the signed reply less the time the PCP was asked
 * (that time is not the consultant's). Each figure drills to its consults;
 * a median is absent when nothing was claimed or answered.
 */
export function econsultFigures(
  facts: readonly EconsultKpiFact[],
): Record<string, Figure> {
  const filed = [...facts].sort((a, b) => a.queuedAtMs - b.queuedAtMs);
  const ids = (fs: readonly EconsultKpiFact[]) => fs.map((f) => f.consultId);
  const claimed = filed.filter((f) => f.claimedAtMs !== null);
  const answered = filed.filter(
    (f) => f.status === 'completed' && f.completedAtMs !== null,
  );
  const expired = filed.filter((f) => f.status === 'expired');
  const out: Record<string, Figure> = {
    filed: distinctFigure(ids(filed)),
    claimed: distinctFigure(ids(claimed), filed.length),
    answered: distinctFigure(ids(answered), filed.length),
    expired: distinctFigure(ids(expired), filed.length),
  };
  const claim = median(
    claimed.map((f) => (f.claimedAtMs! - f.queuedAtMs) / 60_000),
  );
  if (claim !== null)
    out.medianMinutesToClaim = {
      numerator: round1(claim),
      denominator: null,
      ids: ids(claimed),
    };
  const reply = median(
    answered.map(
      (f) =>
        (f.completedAtMs! - f.queuedAtMs - f.pausedSeconds * 1000) / 60_000,
    ),
  );
  if (reply !== null)
    out.medianMinutesToReply = {
      numerator: round1(reply),
      denominator: null,
      ids: ids(answered),
    };
  return out;
}

/** The KPI page's eConsult section (compose.ts adds it to the sources). */
export function econsultKpiSection(db: Database): KpiSectionSource {
  return {
    key: 'econsults',
    title: 'Written eConsults',
    figures: async ({ programId, period }) => {
      const { rows } = await db.query<{
        consultId: string;
        status: string;
        queuedAt: Date;
        claimedAt: Date | null;
        completedAt: Date | null;
        pausedSeconds: number;
      }>(
        `SELECT id AS "consultId", status, queued_at AS "queuedAt",
                accepted_at AS "claimedAt", completed_at AS "completedAt",
                reply_paused_seconds AS "pausedSeconds"
           FROM consults
          WHERE program_id = $1 AND consult_type = 'econsult'
            AND queued_at >= $2 AND queued_at < $3`,
        [programId, new Date(period.startMs), new Date(period.endMs)],
      );
      return econsultFigures(
        rows.map((r) => ({
          consultId: r.consultId,
          status: r.status,
          queuedAtMs: r.queuedAt.getTime(),
          claimedAtMs: r.claimedAt?.getTime() ?? null,
          completedAtMs: r.completedAt?.getTime() ?? null,
          pausedSeconds: Number(r.pausedSeconds),
        })),
      );
    },
  };
}
