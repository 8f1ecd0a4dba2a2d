import type { Queryable } from '../db/database';
import type { Statement } from '../db/statement';

export type MessageKind = 'question' | 'answer';

export interface ThreadMessage {
  id: string;
  consultId: string;
  authorId: string;
  authorName: string;
  recipientId: string;
  kind: MessageKind;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewMessage {
  id: string;
  consultId: string;
  authorId: string;
  recipientId: string;
  kind: MessageKind;
  body: string;
  createdAt: Date;
}

const values = (m: NewMessage) => [
  m.id,
  m.consultId,
  m.authorId,
  m.recipientId,
  m.kind,
  m.body,
  m.createdAt,
];

/** The message, written only if the consult move it rides with was made (reads `upd`). */
export function messageWithMove(m: NewMessage): Statement {
  return {
    sql: `INSERT INTO econsult_messages (id, consult_id, author_id, recipient_id, kind, body, created_at)
          SELECT $1, $2, $3, $4, $5, $6, $7 FROM upd`,
    params: values(m),
  };
}

/** The message, written only while the consult is in one of `statuses`. */
export function messageWhile(
  m: NewMessage,
  statuses: readonly string[],
): Statement {
  return {
    sql: `INSERT INTO econsult_messages (id, consult_id, author_id, recipient_id, kind, body, created_at)
          SELECT $1, c.id, $3, $4, $5, $6, $7 FROM consults c
           WHERE c.id = $2 AND c.status = ANY($8::text[])
          RETURNING id`,
    params: [...values(m), [...statuses]],
  };
}

export async function listThread(
  db: Queryable,
  consultId: string,
): Promise<ThreadMessage[]> {
  const { rows } = await db.query<ThreadMessage>(
    `SELECT m.id, m.consult_id AS "consultId", m.author_id AS "authorId",
            u.display_name AS "authorName", m.recipient_id AS "recipientId",
            m.kind, m.body, m.created_at AS "createdAt", m.read_at AS "readAt"
       FROM econsult_messages m JOIN users u ON u.id = m.author_id
      WHERE m.consult_id = $1 ORDER BY m.created_at, m.id`,
    [consultId],
  );
  return rows;
}

/** The reader has now seen what was addressed to them. */
export async function markRead(
  db: Queryable,
  consultId: string,
  recipientId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE econsult_messages SET read_at = $3
      WHERE consult_id = $1 AND recipient_id = $2 AND read_at IS NULL`,
    [consultId, recipientId, now],
  );
}

/** The badge: unread messages addressed to the user, per eConsult. */
export async function unreadFor(
  db: Queryable,
  userId: string,
): Promise<{ consultId: string; unread: number }[]> {
  const { rows } = await db.query<{ consultId: string; unread: number }>(
    `SELECT consult_id AS "consultId", count(*)::int AS unread
       FROM econsult_messages WHERE recipient_id = $1 AND read_at IS NULL
      GROUP BY consult_id ORDER BY consult_id`,
    [userId],
  );
  return rows;
}

/** Where to text a clinician who opted in, or null. */
export async function smsTarget(
  db: Queryable,
  userId: string,
): Promise<string | null> {
  const { rows } = await db.query<{ phone: string | null }>(
    `SELECT notify_sms_phone AS phone FROM users
      WHERE id = $1 AND notify_sms_opted_in_at IS NOT NULL`,
    [userId],
  );
  return rows[0]?.phone ?? null;
}

/** A clinician's own texting choice, as their settings screen shows it. */
export async function smsChoice(
  db: Queryable,
  userId: string,
): Promise<{ phone: string | null; optedInAt: Date | null }> {
  const { rows } = await db.query<{
    phone: string | null;
    optedInAt: Date | null;
  }>(
    `SELECT notify_sms_phone AS phone, notify_sms_opted_in_at AS "optedInAt"
       FROM users WHERE id = $1`,
    [userId],
  );
  return rows[0] ?? { phone: null, optedInAt: null };
}

/** A clinician's texting choice: a number and opted in, or no texts. */
export async function setSmsChoice(
  db: Queryable,
  userId: string,
  choice: { phone: string; now: Date } | null,
): Promise<void> {
  await db.query(
    `UPDATE users SET notify_sms_phone = $2, notify_sms_opted_in_at = $3
      WHERE id = $1`,
    [userId, choice?.phone ?? null, choice?.now ?? null],
  );
}
