import type { ConsultBillingFacts } from './billing-facts';
import { callDiscussion, type Span } from './call-intervals';
import { clinicianTime, type ClinicianTime } from './clinician-time';
import type { TimeInterval } from './interval-merge';
import { effectiveEntries } from './ledger-entries';

export interface ConsultTime {
  consultant: ClinicianTime | null;
  requesting: ClinicianTime;
  /** The consultant talked with a PCP on a platform or phone call. */
  consultantHadCall: boolean;
  unfinishedCalls: string[];
}

const asDiscussion = (spans: readonly Span[]): TimeInterval[] =>
  spans.map((s) => ({ start: s.start, end: s.end, cls: 'discussion' }));

/** Cumulative time on one request, per billing clinician: call time from events plus their own ledger rows. */
export function consultTime(
  f: Pick<ConsultBillingFacts, 'callEvents' | 'ledger'> & {
    consult: Pick<
      ConsultBillingFacts['consult'],
      'consultantId' | 'requestedBy'
    >;
  },
): ConsultTime {
  const { consult } = f;
  const calls = callDiscussion(f.callEvents, {
    consultantId: consult.consultantId,
    requestedBy: consult.requestedBy,
  });
  const entries = effectiveEntries(f.ledger);
  const own = (role: string, id: string) =>
    entries.filter((e) => e.role === role && e.clinicianId === id);
  return {
    consultant: consult.consultantId
      ? clinicianTime(
          consult.consultantId,
          asDiscussion(calls.consultant),
          own('consultant', consult.consultantId),
        )
      : null,
    requesting: clinicianTime(
      consult.requestedBy,
      asDiscussion(calls.requesting),
      own('requesting', consult.requestedBy),
    ),
    consultantHadCall: calls.consultant.length > 0,
    unfinishedCalls: calls.unfinishedCalls,
  };
}
