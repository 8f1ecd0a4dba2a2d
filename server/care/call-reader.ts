import { type AuditWriter, enforce } from '../auth/access-gate';
import type { Principal } from '../auth/roles';
import {
  CALLABLE_CONSULT_STATUSES,
  type CallFacts,
  clinicianJoinDecision,
} from '../calls/call-participants';
import { callFacts, consultForCall } from '../calls/call-repository';
import type { Database } from '../db/database';
import { forbidden, notFound } from '../errors';
import { isUuid } from '../ids';

/**
 * Calls as the caller may see or join them (reached through the request's
 * CareReader, which binds the caller and its audit writer).
 */
export class CallReader {
  constructor(
    private readonly db: Database,
    private readonly who: Principal,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * A call the caller may see (`view`: its clinicians and program staff) or
   * be in (`media`: its clinicians, while the consult is callable). Both
   * outcomes are audited; an id that is no call is a 404.
   */
  async call(
    callId: string | undefined,
    action: string,
    use: 'view' | 'media',
  ): Promise<CallFacts> {
    const facts = isUuid(callId) ? await callFacts(this.db, callId) : null;
    if (!facts) throw notFound('The call', 'call_not_found');
    const attempt = {
      action,
      patientId: facts.patientId,
      resourceType: 'call',
      resourceId: facts.callId,
      details: { consultId: facts.consultId },
    };
    await enforce(
      use === 'view' ? 'call' : 'call_media',
      this.who,
      facts,
      attempt,
      this.audit,
    );
    if (
      use === 'media' &&
      !CALLABLE_CONSULT_STATUSES.includes(facts.consultStatus)
    ) {
      await this.audit({
        ...attempt,
        outcome: 'denied',
        details: { ...attempt.details, reason: 'consult_not_in_call_stage' },
      });
      throw forbidden(
        'This consult is not ready for a call.',
        'consult_not_in_call_stage',
      );
    }
    await this.audit(attempt);
    return facts;
  }

  /**
   * A consult whose call the caller may open: its requesting PCP or assigned
   * psychiatrist, while it is callable. Both outcomes are audited.
   */
  async consultToCall(consultId: string, action: string): Promise<string> {
    const c = await consultForCall(this.db, consultId);
    if (!c) throw notFound('The consult', 'consult_not_found');
    const decision = clinicianJoinDecision(this.who, {
      ...c,
      callId: '',
      visitId: null,
      status: 'open',
      consultStatus: c.status,
    });
    await this.audit({
      action,
      outcome: decision.allowed ? 'allowed' : 'denied',
      patientId: c.patientId,
      resourceType: 'consult',
      resourceId: consultId,
      details: decision.allowed ? {} : { code: decision.code },
    });
    if (!decision.allowed) throw forbidden(decision.message, decision.code);
    return c.consultId;
  }
}
