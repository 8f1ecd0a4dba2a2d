import type {
  CallJoinResult,
  CallParticipant,
} from '../../../signaling/protocol/call-events';
import type { CallRoster } from './call-roster';
import type { MeshCall, P2pMesh } from './p2p-mesh';

/** The people we show and, on p2p, our connections to them. */
export interface Presence {
  people: CallRoster;
  mesh: P2pMesh;
}

/**
 * A (re)join answer is the whole truth: people no longer listed go, the
 * listed ones are updated, and on p2p each gets the connection they need.
 */
export function adoptParticipants(
  pr: Presence,
  result: CallJoinResult,
  rejoining: boolean,
  meshCall: () => MeshCall,
): void {
  const here = new Set(result.participants.map((p) => p.participantId));
  for (const id of pr.people.ids()) if (!here.has(id)) dropPerson(pr, id);
  if (rejoining && !result.resumed) {
    // We were counted as gone: everyone else closed their side, so start over.
    pr.mesh.closeAll();
  }
  for (const p of result.participants) {
    pr.people.upsert(p);
    if (result.media.backend === 'p2p') pr.mesh.adopt(meshCall, p, rejoining);
  }
}

/** A `call:participant` push about someone else: joined, changed or left. */
export function participantChanged(
  pr: Presence,
  p: CallParticipant,
  selfId: string | undefined,
): void {
  if (p.participantId === selfId) return;
  if (p.state === 'left') return dropPerson(pr, p.participantId);
  const before = pr.people.info(p.participantId);
  pr.people.upsert(p);
  pr.mesh.participantChanged(p, before);
}

export function dropPerson(pr: Presence, id: string): void {
  pr.mesh.close(id);
  pr.people.remove(id);
}
