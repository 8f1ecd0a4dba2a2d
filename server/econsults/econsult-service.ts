import type { AuditActor } from '../audit/audit-actor';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { ConsultMoves } from '../consults/consult-moves';
import { conflict } from '../errors';
import type { LiveChannel } from '../live/live-channel';
import type { Queryable } from '../db/database';
import { claimAudit, claimGuard } from './econsult-claim';
import { poolContexts } from './pool-context';

export interface EconsultServiceDeps {
  db: Queryable;
  clock: Clock;
  moves: ConsultMoves;
  live: LiveChannel;
}

const asActor = (a: AuditActor) => ({ userId: a.userId, role: a.role });

/** Refuses a live consult where only a written eConsult makes sense. */
export function assertEconsult(c: Consult): void {
  if (c.consultType !== 'econsult')
    throw conflict(
      'not_an_econsult',
      'This is a live consult, not a written eConsult.',
    );
}

/**
 * The pool side of written eConsults: a psychiatrist claims one. The consult
 * comes from the care reader, which checked the caller may see it (every
 * eligible psychiatrist may see a pooled eConsult).
 */
export class EconsultService {
  constructor(private readonly deps: EconsultServiceDeps) {}

  /** Age band, state and language of pooled eConsults the caller may see. */
  poolContexts(consultIds: readonly string[]) {
    return poolContexts(this.deps.db, consultIds, this.deps.clock.now());
  }

  /** One claim wins: the move from `pooled` is one conditional UPDATE. */
  async claim(actor: AuditActor, c: Consult): Promise<Consult> {
    assertEconsult(c);
    const now = this.deps.clock.now();
    const claimed = await this.deps.moves.claimed(now, c.id, asActor(actor), {
      guard: claimGuard(actor.userId),
      alongside: [claimAudit(actor)],
    });
    const push = { consultId: c.id, change: 'claimed' as const };
    this.deps.live.toRole(c.programId, 'psychiatrist', 'econsult:pool', push);
    this.deps.live.toUser(c.requestedBy, 'econsult:pool', push);
    return claimed;
  }
}
