/**
 * The PCP is told honestly how long it will be. From recent service: how long
 * an offer takes to be accepted and how long a consult lasts, and how many
 * psychiatrists are on duty now.
 */
export interface ServiceStats {
  /** Mean minutes from reaching the line to acceptance, recent consults. */
  avgAcceptMinutes: number;
  /** Mean minutes from acceptance to completion, recent consults. */
  avgConsultMinutes: number;
}

/** Used until a program has history: a ring or two, and a typical 20-minute consult. */
export const DEFAULT_SERVICE_STATS: ServiceStats = {
  avgAcceptMinutes: 1,
  avgConsultMinutes: 20,
};

export interface WaitInput {
  /** 1-based place in line. */
  position: number;
  availableNow: number;
  onDuty: number;
  stats: ServiceStats;
}

/** Minutes until a psychiatrist accepts, or null when nobody is on duty (the PCP is told so). */
export function estimateWaitMinutes(i: WaitInput): number | null {
  if (i.onDuty <= 0) return null;
  const ahead = Math.max(0, i.position - 1);
  if (ahead < i.availableNow)
    return Math.max(1, Math.ceil(i.stats.avgAcceptMinutes));
  // Everyone free now takes one; the rest wait for consults to end, onDuty at a time.
  const rounds = Math.ceil((ahead - i.availableNow + 1) / i.onDuty);
  return Math.max(
    1,
    Math.ceil(i.stats.avgAcceptMinutes + rounds * i.stats.avgConsultMinutes),
  );
}
