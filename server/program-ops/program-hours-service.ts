import { TtlCache } from '../cache/ttl-cache';
import type { Database } from '../db/database';
import { AppError, notFound } from '../errors';
import { CRISIS_GUIDANCE_OUTSIDE_HOURS } from './crisis-guidance';
import {
  programHoursSchema,
  type ProgramHours,
} from '../../signaling/protocol/rest/program-hours';
import { alwaysOpen, isOpen, nextOpening } from './program-hours';

const KEY = 'hours';
const NONE: ProgramHours = { weekly: {}, holidays: [] };

export interface HoursStatus {
  configured: boolean;
  open: boolean;
  timeZone: string;
  nextOpening: string | null;
  crisisGuidance: string;
}

/** The program's hours (programs.settings.hours) and whether it answers now. */
export class ProgramHoursService {
  private readonly cache = new TtlCache<{ hours: ProgramHours; tz: string }>(
    2_000,
  );
  constructor(private readonly db: Database) {}

  private load(programId: string) {
    return this.cache.get(programId, async () => {
      const { rows } = await this.db.query<{ h: unknown; tz: string }>(
        'SELECT settings -> $2::text AS h, timezone AS tz FROM programs WHERE id = $1',
        [programId, KEY],
      );
      if (!rows[0]) throw notFound('The program');
      const parsed = programHoursSchema.safeParse(rows[0].h ?? {});
      return { hours: parsed.success ? parsed.data : NONE, tz: rows[0].tz };
    });
  }

  async hours(programId: string): Promise<ProgramHours> {
    return (await this.load(programId)).hours;
  }

  async update(programId: string, hours: ProgramHours): Promise<ProgramHours> {
    await this.db.query(
      `UPDATE programs SET settings = settings || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`,
      [programId, KEY, JSON.stringify(hours)],
    );
    this.cache.delete(programId);
    return this.hours(programId);
  }

  async status(programId: string, now: Date): Promise<HoursStatus> {
    const { hours, tz } = await this.load(programId);
    const next = nextOpening(hours, tz, now.getTime());
    return {
      configured: !alwaysOpen(hours),
      open: isOpen(hours, tz, now.getTime()),
      timeZone: tz,
      nextOpening: next === null ? null : new Date(next).toISOString(),
      crisisGuidance: CRISIS_GUIDANCE_OUTSIDE_HOURS,
    };
  }

  /** Refuses (409 outside_hours, with the next opening and crisis guidance) while closed. */
  async assertOpen(programId: string, now: Date): Promise<void> {
    const s = await this.status(programId, now);
    if (s.open) return;
    throw new AppError(
      'conflict',
      'outside_hours',
      `The program is closed now${s.nextOpening ? `; it opens ${openingWords(s.nextOpening, s.timeZone)}` : ''}. ${CRISIS_GUIDANCE_OUTSIDE_HOURS} You can leave a scheduled callback for the opening.`,
      { nextOpening: s.nextOpening, crisisGuidance: s.crisisGuidance },
    );
  }
}

/** An opening as a PCP reads it: 'Friday, December 4 at 9:00 AM EST'. */
export function openingWords(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
