/**
 * The behavioral health figures a program sees per practice and month:
 * referrals, warm handoffs attempted / answered / within target, median time
 * to answer, engagement (first session within 14 days of the referral),
 * episodes closed by outcome, and the change in screening score from first
 * to last session. Pure: rows and the month's bounds in, figures out.
 */
export interface HandoffFact {
  practiceId: string;
  requestedAt: number;
  dueAt: number;
  answeredAt: number | null;
}

export interface EpisodeFact {
  practiceId: string;
  referredAt: number;
  origin: 'warm_handoff' | 'scheduled';
  firstSessionAt: number | null;
  closedAt: number | null;
  outcome: string | null;
  /** First and last score of the same instrument, when two sessions were scored. */
  firstScore: number | null;
  lastScore: number | null;
}

export interface PracticeFigures {
  practiceId: string;
  referrals: { total: number; warm: number; scheduled: number };
  handoffs: {
    attempted: number;
    answered: number;
    withinTarget: number;
    medianSecondsToAnswer: number | null;
  };
  engagement: { referred: number; engagedWithin14Days: number };
  closedByOutcome: Record<string, number>;
  scoreChange: { episodes: number; meanChange: number | null };
}

const ENGAGED_WITHIN_MS = 14 * 24 * 3_600_000;

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function bhFigures(
  handoffs: readonly HandoffFact[],
  episodes: readonly EpisodeFact[],
  month: { start: number; end: number },
): PracticeFigures[] {
  const inMonth = (t: number | null) =>
    t !== null && t >= month.start && t < month.end;
  const practices = [
    ...new Set([...handoffs, ...episodes].map((r) => r.practiceId)),
  ].sort();
  return practices.map((practiceId) => {
    const hs = handoffs.filter(
      (h) => h.practiceId === practiceId && inMonth(h.requestedAt),
    );
    const es = episodes.filter((e) => e.practiceId === practiceId);
    const referred = es.filter((e) => inMonth(e.referredAt));
    const closed = es.filter((e) => inMonth(e.closedAt));
    const scored = closed.filter(
      (e) => e.firstScore !== null && e.lastScore !== null,
    );
    const answered = hs.filter((h) => h.answeredAt !== null);
    const closedByOutcome: Record<string, number> = {};
    for (const e of closed)
      closedByOutcome[e.outcome ?? 'unknown'] =
        (closedByOutcome[e.outcome ?? 'unknown'] ?? 0) + 1;
    return {
      practiceId,
      referrals: {
        total: referred.length,
        warm: referred.filter((e) => e.origin === 'warm_handoff').length,
        scheduled: referred.filter((e) => e.origin === 'scheduled').length,
      },
      handoffs: {
        attempted: hs.length,
        answered: answered.length,
        withinTarget: answered.filter((h) => h.answeredAt! <= h.dueAt).length,
        medianSecondsToAnswer: median(
          answered.map((h) =>
            Math.round((h.answeredAt! - h.requestedAt) / 1000),
          ),
        ),
      },
      engagement: {
        referred: referred.length,
        engagedWithin14Days: referred.filter(
          (e) =>
            e.firstSessionAt !== null &&
            e.firstSessionAt - e.referredAt <= ENGAGED_WITHIN_MS,
        ).length,
      },
      closedByOutcome,
      scoreChange: {
        episodes: scored.length,
        meanChange: scored.length
          ? scored.reduce((s, e) => s + (e.lastScore! - e.firstScore!), 0) /
            scored.length
          : null,
      },
    };
  });
}
