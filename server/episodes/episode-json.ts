import type { Episode, EpisodeSession } from './episode';
import type { EpisodeReport } from './episode-repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const episodeJson = (e: Episode) => ({
  ...e,
  referredAt: e.referredAt.toISOString(),
  scheduledFor: iso(e.scheduledFor),
  closedAt: iso(e.closedAt),
});

export const sessionJson = (s: EpisodeSession) => ({
  ...s,
  heldAt: s.heldAt.toISOString(),
});

export const episodeReportJson = (r: EpisodeReport | null) =>
  r && {
    ...r,
    signedAt: iso(r.signedAt),
    addenda: r.addenda.map((a) => ({
      ...a,
      signedAt: a.signedAt.toISOString(),
    })),
  };
