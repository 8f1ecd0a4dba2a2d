import type { Queryable } from '../db/database';
import { unreadRepliesFor } from './reply-read-marks';
import { unreadFor } from './thread-repository';

export interface UnreadOnConsult {
  consultId: string;
  unread: number;
}

/**
 * The top bar's badge: what was addressed to the user on written eConsults
 * and not read yet, thread messages and delivered replies alike, per
 * eConsult (ordered by its id, as each source is).
 */
export async function unreadBadge(
  db: Queryable,
  userId: string,
): Promise<UnreadOnConsult[]> {
  const [messages, replies] = await Promise.all([
    unreadFor(db, userId),
    unreadRepliesFor(db, userId),
  ]);
  const byConsult = new Map<string, number>();
  for (const u of [...messages, ...replies])
    byConsult.set(u.consultId, (byConsult.get(u.consultId) ?? 0) + u.unread);
  return [...byConsult]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([consultId, unread]) => ({ consultId, unread }));
}
