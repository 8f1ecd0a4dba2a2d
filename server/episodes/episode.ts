import { AppError } from '../errors';
import { findInstrument } from '../screening/instruments';
import type {
  EpisodeOutcome,
  SessionNote,
} from '../../signaling/protocol/rest/episodes';

/**
 * A short behavioral health episode as plain data and the rules over it: the
 * session limit, what closing needs, and the summary a step-up carries to
 * psychiatry. No I/O.
 */
export interface Episode {
  id: string;
  programId: string;
  practiceId: string;
  patientId: string;
  referredBy: string;
  clinicianId: string | null;
  origin: 'warm_handoff' | 'scheduled';
  handoffId: string | null;
  referredAt: Date;
  scheduledFor: Date | null;
  sessionLimit: number;
  status: 'open' | 'closed';
  outcome: EpisodeOutcome | null;
  outcomeReferral: string | null;
  stepUpConsultId: string | null;
  closedAt: Date | null;
}

export interface EpisodeSession {
  id: string;
  episodeId: string;
  number: number;
  clinicianId: string;
  mode: SessionNote['mode'];
  heldAt: Date;
  minutes: number;
  focus: string;
  interventions: SessionNote['interventions'];
  homework: string;
  riskLevel: SessionNote['riskLevel'];
  assessmentId: string | null;
  instrument: string | null;
  score: number | null;
}

/** A session's screening: the stored assessment and what it scored. */
export interface SessionScreening {
  assessmentId: string;
  instrument: string;
  /** Null when the answers could not be scored (too many blanks). */
  score: number | null;
}

/** The 409 a session past the limit gets, naming both ways forward. */
export function sessionLimitReached(limit: number): AppError {
  return new AppError(
    'conflict',
    'episode_session_limit',
    `This episode has had its ${limit} sessions. Close it with an outcome ` +
      'and a report to the PCP, or step up to psychiatry.',
    { limit, next: ['close', 'step_up'] },
  );
}

/** Refuses a session the episode cannot take; returns its number. */
export function nextSessionNumber(e: Episode, held: number): number {
  if (e.status !== 'open')
    throw new AppError(
      'conflict',
      'episode_closed',
      'This episode is closed: no more sessions.',
    );
  if (held >= e.sessionLimit) throw sessionLimitReached(e.sessionLimit);
  return held + 1;
}

/** Closing needs an open episode and a signed report to the PCP. */
export function assertClosable(e: Episode, reportSigned: boolean): void {
  if (e.status !== 'open')
    throw new AppError(
      'conflict',
      'episode_closed',
      'This episode is already closed.',
    );
  if (!reportSigned)
    throw new AppError(
      'conflict',
      'episode_report_unsigned',
      'Sign the report to the PCP before closing the episode.',
    );
}

const INTERVENTION_WORDS: Record<string, string> = {
  cbt_skills: 'CBT skills',
  motivational_interviewing: 'motivational interviewing',
  problem_solving: 'problem solving',
  psychoeducation: 'psychoeducation',
};

/** First and last screening scores of the episode, in session order. */
export function scoreChange(
  sessions: readonly EpisodeSession[],
): { instrument: string; first: number; last: number } | null {
  const scored = [...sessions]
    .sort((a, b) => a.number - b.number)
    .filter((s) => s.instrument !== null && s.score !== null);
  const first = scored[0];
  if (!first) return null;
  const last = [...scored]
    .reverse()
    .find((s) => s.instrument === first.instrument)!;
  return {
    instrument: first.instrument!,
    first: first.score!,
    last: last.score!,
  };
}

/**
 * What the psychiatrist reads on a stepped-up request: the sessions held,
 * what was tried, the highest risk noted and the screening scores. No names.
 */
/** "PHQ-9", as a psychiatrist reads it, not the stored id "phq9". */
const instrumentName = (id: string) => findInstrument(id)?.name ?? id;

export function stepUpSummary(
  sessions: readonly EpisodeSession[],
  reportSummary: string,
): string {
  const ordered = [...sessions].sort((a, b) => a.number - b.number);
  const tried = [...new Set(ordered.flatMap((s) => s.interventions))]
    .map((i) => INTERVENTION_WORDS[i] ?? i)
    .join(', ');
  const risks = ['none', 'low', 'moderate', 'high'];
  const highest = ordered.reduce(
    (m, s) => Math.max(m, risks.indexOf(s.riskLevel)),
    0,
  );
  const scores = ordered
    .filter((s) => s.instrument)
    .map(
      (s) => `session ${s.number}: ${instrumentName(s.instrument!)} ${s.score}`,
    )
    .join('; ');
  return [
    'Stepped up from a short behavioral health episode.',
    `Sessions held: ${ordered.length}. Interventions: ${tried || 'none'}.`,
    `Highest risk noted: ${risks[highest]}.`,
    `Screenings: ${scores || 'none recorded'}.`,
    reportSummary ? `Clinician summary: ${reportSummary}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface ReferralCandidate {
  userId: string;
  licensedStates: readonly string[];
  languages: readonly string[];
  openEpisodes: number;
}

/**
 * Who takes a scheduled referral: licensed in the patient's state (the
 * law), speaking the language if anyone does, then the lightest caseload.
 */
export function chooseReferralClinician(
  candidates: readonly ReferralCandidate[],
  patient: { state: string; language: string },
): string | null {
  const licensed = candidates.filter((c) =>
    c.licensedStates.includes(patient.state),
  );
  const speaking = licensed.filter((c) =>
    c.languages.includes(patient.language),
  );
  const pool = speaking.length ? speaking : licensed;
  const best = [...pool].sort(
    (a, b) =>
      a.openEpisodes - b.openEpisodes || a.userId.localeCompare(b.userId),
  )[0];
  return best?.userId ?? null;
}
