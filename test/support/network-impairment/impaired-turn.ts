import { PROFILES, type NetworkProfile } from './profiles';
import { startTcpProxy } from './tcp-proxy';
import { startUdpRelay } from './udp-relay';

/**
 * A TURN server seen through a weak access link: a UDP relay and a TCP proxy
 * in front of a real coturn on loopback. Give `urls` to the impaired browser
 * (relay-only ICE) and its media takes the link. The profile can change
 * between calls (and mid-call) without new ports.
 */
export interface ImpairedTurn {
  /** TURN over UDP, then TURN over TCP, both through the link. */
  urls: [udp: string, tcp: string];
  profile(): NetworkProfile;
  setProfile(p: NetworkProfile): void;
  /** Packets and losses per direction since the last profile change. */
  counters(): { up: object; down: object };
  close(): Promise<void>;
}

export async function startImpairedTurn(o: {
  coturnPort: number;
  profile?: NetworkProfile;
  maxLifetimeMs?: number;
}): Promise<ImpairedTurn> {
  let profile = o.profile ?? PROFILES.good;
  const target = { host: '127.0.0.1', port: o.coturnPort };
  const udp = await startUdpRelay({
    target,
    up: profile.up,
    down: profile.down,
    maxLifetimeMs: o.maxLifetimeMs,
  });
  const tcp = await startTcpProxy({
    target,
    up: () => profile.up,
    down: () => profile.down,
    maxLifetimeMs: o.maxLifetimeMs,
  });
  const apply = (p: NetworkProfile) => {
    profile = p;
    udp.up.reconfigure(p.up);
    udp.down.reconfigure(p.down);
    udp.setPassing(p.udp);
  };
  apply(profile);
  return {
    urls: [
      `turn:127.0.0.1:${udp.port}?transport=udp`,
      `turn:127.0.0.1:${tcp.port}?transport=tcp`,
    ],
    profile: () => profile,
    setProfile: apply,
    counters: () => ({
      up: { ...udp.up.counters },
      down: { ...udp.down.counters },
    }),
    async close() {
      await Promise.all([udp.close(), tcp.close()]);
    },
  };
}
