import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../audit/audit-actor';
import { auditInsert } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { ConsultMoves } from '../consults/consult-moves';
import type { Database } from '../db/database';
import { allOrNone, runStatement } from '../db/statement';
import { conflict } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Logger } from '../logger';
import { assertEconsult } from './econsult-service';
import {
  listThread,
  markRead,
  messageWhile,
  messageWithMove,
  type NewMessage,
  setSmsChoice,
  smsChoice,
  smsTarget,
  type ThreadMessage,
} from './thread-repository';
import { unreadBadge } from './unread-badge';

/** Texts a clinician; null when texting is not set up here. */
export type TextClinician =
  | ((to: string, body: string) => Promise<unknown>)
  | null;

export interface ThreadServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  live: LiveChannel;
  moves: ConsultMoves;
  text: TextClinician;
}

/** The whole text: no patient, no question, nothing but where to look. */
export const THREAD_SMS =
  'You have a new eConsult message in the psychiatry access program. ' +
  'Sign in to read it.';

/** Where a message may still be written, by who writes it. */
const OPEN_FOR = {
  question: ['awaiting_pcp'],
  answer: ['pooled', 'claimed'],
} as const;

/**
 * The clarification thread: the psychiatrist asks (the reply clock pauses),
 * the PCP answers (it runs again). Every message commits with its audit row
 * and, when it pauses or resumes the clock, with the consult's move; then it
 * is pushed to the other clinician, counted in their badge, and texted to
 * them only if they opted in. The consult comes from the care reader, which
 * checked the caller is one of its two clinicians.
 */
export class ThreadService {
  constructor(private readonly deps: ThreadServiceDeps) {}

  async post(
    actor: AuditActor,
    c: Consult,
    body: string,
  ): Promise<ThreadMessage> {
    assertEconsult(c);
    const now = this.deps.clock.now();
    const kind = actor.role === 'psychiatrist' ? 'question' : 'answer';
    const m: NewMessage = {
      id: randomUUID(),
      consultId: c.id,
      authorId: actor.userId,
      recipientId:
        kind === 'question' ? c.requestedBy : (c.assignedPsychiatristId ?? ''),
      kind,
      body,
      createdAt: now,
    };
    if (kind === 'answer' && !c.assignedPsychiatristId)
      throw threadClosed('Nobody has claimed this eConsult yet.');
    const audit = (source: string) =>
      auditInsert(
        {
          ...actor,
          action: `econsult.${kind}`,
          patientId: c.patientId,
          resourceType: 'consult',
          resourceId: c.id,
          details: { messageId: m.id },
        },
        { source, patientId: 'NULL::uuid', resourceId: 'NULL' },
      );
    const who = { userId: actor.userId, role: actor.role };
    if (kind === 'question' && c.status === 'claimed')
      await this.deps.moves.clarificationAsked(now, c.id, who, [
        messageWithMove(m),
        audit('upd'),
      ]);
    else if (kind === 'answer' && c.status === 'awaiting_pcp')
      await this.deps.moves.clarificationAnswered(now, c.id, who, [
        messageWithMove(m),
        audit('upd'),
      ]);
    else {
      const { rows } = await runStatement(
        this.deps.db,
        allOrNone([messageWhile(m, OPEN_FOR[kind]), audit('w0')], 0),
      );
      if (!rows.length)
        throw threadClosed('This eConsult is no longer open for messages.');
    }
    await this.notify(c, m);
    return (await listThread(this.deps.db, c.id)).find((x) => x.id === m.id)!;
  }

  /** The thread; what was addressed to the reader is now read. */
  async read(userId: string, c: Consult): Promise<ThreadMessage[]> {
    await markRead(this.deps.db, c.id, userId, this.deps.clock.now());
    return listThread(this.deps.db, c.id);
  }

  /** The badge: unread messages and delivered replies, per eConsult. */
  unread(userId: string) {
    return unreadBadge(this.deps.db, userId);
  }

  /** A clinician opts in to texts (with their number) or out. */
  /** The clinician's own choice: opted in (since when, to which number) or not. */
  async texting(userId: string) {
    const c = await smsChoice(this.deps.db, userId);
    return {
      optIn: c.optedInAt !== null,
      phone: c.optedInAt ? c.phone : null,
      optedInAt: c.optedInAt?.toISOString() ?? null,
    };
  }

  setTexting(userId: string, phone: string | null): Promise<void> {
    return setSmsChoice(
      this.deps.db,
      userId,
      phone ? { phone, now: this.deps.clock.now() } : null,
    );
  }

  private async notify(c: Consult, m: NewMessage): Promise<void> {
    const unread = (await unreadBadge(this.deps.db, m.recipientId)).find(
      (u) => u.consultId === c.id,
    );
    this.deps.live.toUser(m.recipientId, 'econsult:message', {
      consultId: c.id,
      messageId: m.id,
      kind: m.kind,
      unread: unread?.unread ?? 0,
    });
    const { text } = this.deps;
    const phone = text ? await smsTarget(this.deps.db, m.recipientId) : null;
    if (!text || !phone) return;
    // A failed text must not fail the message: it is stored and pushed.
    // Only the error's code is logged: Twilio's message may quote the number.
    text(phone, THREAD_SMS).catch((err: unknown) =>
      this.deps.logger.warn(
        { code: (err as { code?: unknown }).code, consultId: c.id },
        'econsult message text not sent',
      ),
    );
  }
}

const threadClosed = (message: string) => conflict('thread_closed', message);
