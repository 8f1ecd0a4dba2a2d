import {
  CONSULT_STATUSES,
  type ConsultStatus,
} from '../../server/consults/consult';
import {
  CONSULT_TRANSITIONS,
  assertTransition,
  canTransition,
} from '../../server/consults/consult-state-machine';
import { IllegalTransitionError } from '../../server/errors';

describe('consult state machine', () => {
  it.each<[ConsultStatus, ConsultStatus]>([
    ['requested', 'triage'],
    ['requested', 'queued'],
    ['triage', 'queued'],
    ['triage', 'completed'],
    ['queued', 'offered'],
    ['offered', 'accepted'],
    ['offered', 'queued'],
    ['accepted', 'in_call'],
    ['accepted', 'queued'],
    ['in_call', 'wrap_up'],
    ['wrap_up', 'completed'],
    ['queued', 'cancelled'],
    ['offered', 'expired'],
    ['requested', 'pooled'],
    // A care manager's video contact is born accepted.
    ['requested', 'accepted'],
    ['pooled', 'claimed'],
    ['pooled', 'expired'],
    ['claimed', 'awaiting_pcp'],
    ['awaiting_pcp', 'claimed'],
    ['claimed', 'completed'],
  ])('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each<[ConsultStatus, ConsultStatus]>([
    ['queued', 'accepted'],
    ['requested', 'offered'],
    ['in_call', 'cancelled'],
    ['in_call', 'queued'],
    ['completed', 'queued'],
    ['cancelled', 'queued'],
    ['expired', 'offered'],
    ['accepted', 'expired'],
    // An eConsult never rings and never enters the live line.
    ['pooled', 'offered'],
    ['pooled', 'queued'],
    ['claimed', 'in_call'],
    ['claimed', 'expired'],
    ['awaiting_pcp', 'completed'],
  ])('refuses %s -> %s with code illegal_transition', (from, to) => {
    let err: unknown;
    try {
      assertTransition(from, to);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect(err).toMatchObject({
      code: 'illegal_transition',
      kind: 'conflict',
      details: { entity: 'consult', from, to },
    });
  });

  it('has a row for every status and terminal states lead nowhere', () => {
    expect(Object.keys(CONSULT_TRANSITIONS).sort()).toEqual(
      [...CONSULT_STATUSES].sort(),
    );
    for (const t of ['completed', 'cancelled', 'expired'] as const)
      expect(CONSULT_TRANSITIONS[t]).toEqual([]);
    for (const targets of Object.values(CONSULT_TRANSITIONS))
      for (const to of targets) expect(CONSULT_STATUSES).toContain(to);
  });
});
