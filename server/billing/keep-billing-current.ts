import type { Logger } from '../logger';
import { recomputeConsult, type BillingDeps } from './billing-recompute';

/** Consult states after which the call time is final enough to code (the report may still be pending: the line is then held). */
const RECOMPUTE_ON = new Set(['wrap_up', 'completed', 'cancelled']);

export interface KeepBillingCurrentDeps extends BillingDeps {
  logger: Logger;
  consults: {
    onTransition(
      listener: (t: { consult: { id: string }; to: string }) => void,
    ): unknown;
  };
}

/**
 * Keeps billing lines current without anyone pressing a button: when a
 * consult's call ends (wrap-up) or it completes, its lines are recomputed from
 * the call events and ledger. Report signing, time entries and facts trigger
 * their own recomputation in their routes.
 */
export function keepBillingCurrent(deps: KeepBillingCurrentDeps): void {
  deps.consults.onTransition((t) => {
    if (!RECOMPUTE_ON.has(t.to)) return;
    recomputeConsult(deps, t.consult.id).catch((err) =>
      deps.logger.error(
        { err, consultId: t.consult.id },
        'billing recompute after consult transition failed',
      ),
    );
  });
}
