import type { Principal } from '../server/auth/roles';
import type { VisitorRole } from './protocol/identities';

export { VISITOR_ROLES, type VisitorRole } from './protocol/identities';

/** Someone joined through an invite link: no account, scoped to one visit. */
export interface Visitor {
  kind: 'visitor';
  visitId: string;
  participantId: string;
  role: VisitorRole;
  programId: string;
  /** The consult the visit belongs to. */
  consultId: string;
  /** SHA-256 of the visit token: a newer device revokes it, ending this socket. */
  sessionHash?: string;
}

export type SocketIdentity = Principal | Visitor;

/** What each socket carries in socket.data, restored on connection-state recovery. */
export interface SocketData {
  identity: SocketIdentity;
  /** When the credential this socket authenticated with stops being valid. */
  expiresAt: number;
}

/** Turns a visit token into a visitor. Provided by the visits module. */
export interface VisitTokenVerifier {
  verify(
    token: string,
  ): Promise<
    | { ok: true; visitor: Visitor; expiresAt: Date }
    | { ok: false; reason: 'expired' | 'invalid' | 'revoked' }
  >;
  /** Whether the visitor's access still stands (not removed, visit not over). */
  isLive(visitor: Visitor): Promise<boolean>;
}

export const userRoom = (userId: string) => `user:${userId}`;
export const roleRoom = (programId: string, role: string) =>
  `role:${programId}:${role}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const visitorRoom = (participantId: string) =>
  `visitor:${participantId}`;
