import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type {
  Visitor,
  VisitTokenVerifier,
} from '../../signaling/socket-identity';
import { hashSecretToken, looksLikeSecretToken } from './secret-token';
import { findParticipant } from './participant-repository';
import { findVisit } from './visit-repository';
import { findVisitSession } from './visit-session-repository';
import { markDeviceSeen } from './visitor-device-repository';
import { isVisitLive } from './visit-status';

/**
 * Turns a visit token (REST bearer or socket handshake) into a visitor scoped
 * to one participant of one visit. The token is opaque and looked up by hash,
 * so removing a person or ending the visit stops it at once.
 */
export class DbVisitTokenVerifier implements VisitTokenVerifier {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): ReturnType<VisitTokenVerifier['verify']> {
    if (!looksLikeSecretToken(token)) return { ok: false, reason: 'invalid' };
    const sessionHash = hashSecretToken(token);
    const row = await findVisitSession(this.db, sessionHash);
    if (!row) return { ok: false, reason: 'invalid' };
    if (
      row.revokedAt ||
      row.state === 'removed' ||
      !isVisitLive(row.visitStatus)
    )
      return { ok: false, reason: 'revoked' };
    if (row.expiresAt.getTime() <= this.clock.now().getTime())
      return { ok: false, reason: 'expired' };
    await markDeviceSeen(this.db, row.participantId, this.clock.now());
    return {
      ok: true,
      expiresAt: row.expiresAt,
      visitor: {
        kind: 'visitor',
        visitId: row.visitId,
        participantId: row.participantId,
        role: row.role,
        programId: row.programId,
        consultId: row.consultId,
        sessionHash,
      },
    };
  }

  async isLive(v: Visitor): Promise<boolean> {
    const [p, visit, session] = await Promise.all([
      findParticipant(this.db, v.participantId),
      findVisit(this.db, v.visitId),
      v.sessionHash ? findVisitSession(this.db, v.sessionHash) : null,
    ]);
    const live =
      !!p &&
      !!visit &&
      p.state !== 'removed' &&
      isVisitLive(visit.status) &&
      !session?.revokedAt;
    // Checked every 15 s for each connected visitor: their device is in use.
    if (live) await markDeviceSeen(this.db, v.participantId, this.clock.now());
    return live;
  }
}
