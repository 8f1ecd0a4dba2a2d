import { z } from 'zod';
import { canAccessConsult } from '../auth/access-policy';
import type { Consult } from '../consults/consult';
import { consultFacts, findConsult } from '../consults/consult-repository';
import type { Queryable } from '../db/database';
import { forbidden, notFound } from '../errors';
import type { HandlerContext } from '../http/route';
import type { Database } from '../db/database';

/** What the consult access check reads. */
export interface ConsultInCareDeps {
  db: Database;
}

/** The consult as billing and reports read it (the queue module's entity). */
export type ConsultRow = Consult;

export async function findConsultRow(
  db: Queryable,
  id: string,
): Promise<ConsultRow | null> {
  return z.uuid().safeParse(id).success ? findConsult(db, id) : null;
}

/**
 * A consult the caller may see (access policy: program, practice, offered or
 * assigned psychiatrist), or a refusal that is audited here. The allowed
 * access is audited by the caller under the name of what it did.
 */
export async function consultInCare(
  s: ConsultInCareDeps,
  ctx: HandlerContext<unknown, unknown>,
  consultId: string,
  action: string,
): Promise<ConsultRow> {
  const consult = await findConsultRow(s.db, consultId);
  if (!consult) throw notFound('The consult');
  const decision = canAccessConsult(
    ctx.user,
    await consultFacts(s.db, consult),
  );
  if (!decision.allowed) {
    await ctx.audit({
      action,
      outcome: 'denied',
      patientId: consult.patientId,
      resourceType: 'consult',
      resourceId: consult.id,
      details: { reason: decision.reason },
    });
    throw forbidden('This consult is not in your care.', 'forbidden_consult');
  }
  return consult;
}
