import { recomputeConsult } from './billing-recompute';
import type { BillingDeps } from './billing-recompute';
import type { ConsultEvents } from '../consults/consult-lifecycle';
import type { Observer } from '../events/typed-emitter';
import type { Logger } from '../logger';

/** Consult states after which the call time is final enough to code (the report may still be pending: the line is then held). */
const RECOMPUTE_ON = new Set(['wrap_up', 'completed', 'cancelled']);

export interface BillingInstallDeps extends BillingDeps {
  logger: Logger;
  consults: { observer: Observer<ConsultEvents> };
}

/**
 * Keeps billing lines current without anyone pressing a button: when a
 * consult's call ends (wrap-up) or it completes, its lines are recomputed from
 * the call events and ledger. Report signing, time entries and facts trigger
 * their own recomputation in their routes.
 */
export function installBilling(s: BillingInstallDeps): void {
  s.consults.observer.on('transition', (t) => {
    if (!RECOMPUTE_ON.has(t.to)) return;
    recomputeConsult(s, t.consult.id).catch((err) =>
      s.logger.error(
        { err, consultId: t.consult.id },
        'billing recompute after consult transition failed',
      ),
    );
  });
}
