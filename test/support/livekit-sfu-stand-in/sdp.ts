/**
 * The two SDP facts LiveKit's signaling rests on. A publisher's offer names
 * each track by its msid (the track id equals the AddTrackRequest's cid), so
 * the server knows which mid carries which published track. In the
 * subscriber offer the server names each stream `participantSid|trackSid`,
 * which is how livekit-client files an incoming track under its publisher
 * (Room.onTrackAdded: unpackStreamId).
 */

interface Section {
  lines: string[];
  mid: string | null;
}

function sections(sdp: string): { head: string[]; media: Section[] } {
  const head: string[] = [];
  const media: Section[] = [];
  for (const line of sdp.split('\r\n')) {
    if (line.startsWith('m=')) media.push({ lines: [line], mid: null });
    else if (media.length) media[media.length - 1]!.lines.push(line);
    else head.push(line);
    const mid = /^a=mid:(.+)$/.exec(line)?.[1];
    if (mid && media.length) media[media.length - 1]!.mid = mid;
  }
  return { head, media };
}

/** mid -> the msid track id (the client's track id, LiveKit's cid) in a publisher offer. */
export function publisherTrackIds(sdp: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sections(sdp).media) {
    const msid = s.lines
      .map((l) => /^a=msid:\S+ (\S+)$/.exec(l)?.[1])
      .find(Boolean);
    if (s.mid && msid) out.set(s.mid, msid);
  }
  return out;
}

/** Rewrites the msid of each forwarded m-section to `participantSid|trackSid trackSid`. */
export function labelSubscriberOffer(
  sdp: string,
  byMid: Record<string, { participantSid: string; trackSid: string }>,
): string {
  const { head, media } = sections(sdp);
  const out = [...head];
  for (const s of media) {
    const who = s.mid ? byMid[s.mid] : undefined;
    if (!who) {
      out.push(...s.lines);
      continue;
    }
    const msid = `${who.participantSid}|${who.trackSid} ${who.trackSid}`;
    let lines = s.lines
      .filter((l) => !l.startsWith('a=msid:'))
      .map((l) => l.replace(/^(a=ssrc:\d+ msid:).*$/, `$1${msid}`));
    const at = lines.findIndex((l) => l.startsWith('a=mid:'));
    lines = [
      ...lines.slice(0, at + 1),
      `a=msid:${msid}`,
      ...lines.slice(at + 1),
    ];
    out.push(...lines);
  }
  return out.join('\r\n');
}
