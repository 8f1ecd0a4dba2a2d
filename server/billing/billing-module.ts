import type { CallObserverEvents } from '../calls/call-service';
import type { ConsultEvents } from '../consults/consult-lifecycle';
import type { Observer } from '../events/typed-emitter';
import type { Logger } from '../logger';
import { recomputeConsult, recomputeVisit } from './billing-recompute';
import type { BillingDeps } from './billing-recompute';
import { visitIdOfCall } from './visit-facts-repository';

/** Consult states after which the call time is final enough to code (the report may still be pending: the line is then held). */
const RECOMPUTE_ON = new Set(['wrap_up', 'completed', 'cancelled']);

export interface BillingInstallDeps extends BillingDeps {
  logger: Logger;
  consults: { observer: Observer<ConsultEvents> };
  calls: { observer: Observer<CallObserverEvents> };
  /** Times each recomputation (server/metrics). */
  metrics?: { timeRecompute(scope: string): () => void };
}

/**
 * Keeps billing lines current without anyone pressing a button: when a
 * consult's call ends (wrap-up) or it completes, its lines are recomputed from
 * the call events and ledger; when a visit's call ends, the visit's line.
 * Report signing, time entries and facts trigger their own recomputation in
 * their routes.
 */
export function installBilling(deps: BillingInstallDeps): void {
  deps.consults.observer.on('transition', (t) => {
    if (!RECOMPUTE_ON.has(t.to)) return;
    const done = deps.metrics?.timeRecompute('consult');
    recomputeConsult(deps, t.consult.id)
      .finally(done)
      .catch((err) =>
        deps.logger.error(
          { err, consultId: t.consult.id },
          'billing recompute after consult transition failed',
        ),
      );
  });
  deps.calls.observer.on('ended', (callId) => {
    const done = deps.metrics?.timeRecompute('visit_call');
    recomputeVisitOfCall(deps, callId)
      .finally(done)
      .catch((err) =>
        deps.logger.error(
          { err, callId },
          'billing recompute after visit call ended failed',
        ),
      );
  });
}

async function recomputeVisitOfCall(
  deps: BillingDeps,
  callId: string,
): Promise<void> {
  const visitId = await visitIdOfCall(deps.db, callId);
  if (visitId) await recomputeVisit(deps, visitId);
}
