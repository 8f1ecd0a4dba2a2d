import type { Database } from '../db/database';
import type { QueueStore } from '../queue/queue-store';
import { BANDS } from '../queue/queue-types';
import type { MetricSources } from './metrics';

/**
 * The scrape-time numbers that live in the stores: the line (the queue
 * store, what routing sees), psychiatrists' availability and open calls
 * (PostgreSQL, the record). Grouped by program, never by person.
 */
export function storeSources(deps: {
  db: Database;
  store: QueueStore;
}): Pick<
  MetricSources,
  'queueLength' | 'psychiatrists' | 'callsActive' | 'pool'
> {
  const { db, store } = deps;
  return {
    async queueLength() {
      const rows: { program: string; band: string; n: number }[] = [];
      const name = new Map(Object.entries(BANDS).map(([k, v]) => [v, k]));
      for (const program of await store.programs()) {
        const counts = new Map<string, number>();
        for (const e of (await store.lineView(program)).entries) {
          const band = name.get(e.band) ?? 'unknown';
          counts.set(band, (counts.get(band) ?? 0) + 1);
        }
        for (const [band, n] of counts) rows.push({ program, band, n });
      }
      return rows;
    },
    async psychiatrists() {
      const { rows } = await db.query<{
        program: string;
        availability: string;
        n: number;
      }>(
        `SELECT program_id::text AS program, status AS availability,
           count(*)::int AS n
         FROM psychiatrist_availability GROUP BY program_id, status`,
      );
      return rows;
    },
    async callsActive() {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM calls WHERE status = 'open'`,
      );
      return rows[0]?.n ?? 0;
    },
    pool: () => db.poolStats?.() ?? null,
  };
}
