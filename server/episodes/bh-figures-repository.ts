import type { Queryable } from '../db/database';
import type { Episode, EpisodeSession } from './episode';
import { EPISODE, SESSION } from './episode-repository';

/** SQL behind the monthly behavioral health figures (bh-figures-service.ts). */

/** Rows behind the monthly figures: handoffs asked and episodes referred or closed in [start, end). */
export async function figureRows(
  q: Queryable,
  f: { programId: string; practiceId: string | null; start: Date; end: Date },
) {
  const handoffs = await q.query<{
    practiceId: string;
    requestedAt: Date;
    dueAt: Date;
    answeredAt: Date | null;
  }>(
    `SELECT practice_id AS "practiceId", requested_at AS "requestedAt", due_at AS "dueAt", answered_at AS "answeredAt"
       FROM warm_handoffs
      WHERE program_id = $1 AND ($2::uuid IS NULL OR practice_id = $2) AND requested_at >= $3 AND requested_at < $4`,
    [f.programId, f.practiceId, f.start, f.end],
  );
  const episodes = await q.query<Episode>(
    `SELECT ${EPISODE} FROM bh_episodes
      WHERE program_id = $1 AND ($2::uuid IS NULL OR practice_id = $2)
        AND ((referred_at >= $3 AND referred_at < $4) OR (closed_at >= $3 AND closed_at < $4))`,
    [f.programId, f.practiceId, f.start, f.end],
  );
  const ids = episodes.rows.map((e) => e.id);
  const sessions = ids.length
    ? await q.query<EpisodeSession>(
        `SELECT ${SESSION} FROM bh_sessions WHERE episode_id = ANY($1::uuid[]) ORDER BY episode_id, number`,
        [ids],
      )
    : { rows: [] as EpisodeSession[] };
  return {
    handoffs: handoffs.rows,
    episodes: episodes.rows,
    sessions: sessions.rows,
  };
}
