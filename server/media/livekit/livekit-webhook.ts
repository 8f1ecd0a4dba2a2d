import { WebhookReceiver } from 'livekit-server-sdk';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import type { MediaEvent, MediaEventType } from '../media-backend';
import {
  callEventForWebhook,
  type LivekitCallEvent,
} from './livekit-webhook-event';
import type { LivekitCredentials } from './livekit-token';

export type WebhookOutcome =
  | { outcome: 'recorded'; type: string; callId: string }
  | { outcome: 'duplicate'; callId: string }
  | { outcome: 'ignored'; reason: string };

/** The webhook's signature did not verify: the body is not from our LiveKit. */
export class WebhookSignatureError extends Error {
  constructor(readonly reason: string) {
    super(`LiveKit webhook refused: ${reason}`);
    this.name = 'WebhookSignatureError';
  }
}

// One statement: the call must exist, and a redelivered webhook (same id) is not written twice.
const INSERT = `INSERT INTO call_events (call_id, consult_id, at, type, participant_id, user_id, participant_role, source, details)
  SELECT c.id, c.consult_id, $2, $3, $4, (SELECT u.id FROM users u WHERE u.id::text = $5), $6, 'livekit', $7::jsonb
  FROM calls c
  WHERE c.id = $1
    AND NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_id = $1 AND e.source = 'livekit' AND e.details->>'webhookId' = $8)
  RETURNING id`;

const MEDIA_TYPES: readonly string[] = [
  'media_connected',
  'participant_dropped',
  'participant_left',
] satisfies MediaEventType[];

/**
 * Verifies LiveKit webhooks with the SDK's WebhookReceiver (a JWT signed with
 * our API secret whose sha256 claim is the body's hash) and writes what they
 * mean into call_events with source 'livekit'. The write happens inside the
 * webhook request: if it fails, LiveKit gets a 5xx and delivers again.
 */
export class LivekitWebhookHandler {
  private readonly receiver: WebhookReceiver;

  constructor(
    creds: LivekitCredentials,
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      onRecorded?: (e: MediaEvent) => void;
    },
  ) {
    this.receiver = new WebhookReceiver(creds.apiKey, creds.apiSecret);
  }

  async handle(
    rawBody: string,
    authHeader: string | undefined,
  ): Promise<WebhookOutcome> {
    let verified: Awaited<ReturnType<WebhookReceiver['receive']>>;
    try {
      verified = await this.receiver.receive(rawBody, authHeader);
    } catch (err) {
      throw new WebhookSignatureError(
        err instanceof Error ? err.message : 'unverifiable',
      );
    }
    const mapped = callEventForWebhook(verified);
    if (mapped.kind === 'ignore')
      return { outcome: 'ignored', reason: mapped.reason };
    return this.record(mapped);
  }

  private async record(
    e: Extract<LivekitCallEvent, { kind: 'record' }>,
  ): Promise<WebhookOutcome> {
    const at = this.deps.clock.now();
    const { rowCount } = await this.deps.db.query(INSERT, [
      e.callId,
      at,
      e.type,
      e.participantId,
      e.userId,
      e.role,
      JSON.stringify(e.details),
      e.details.webhookId,
    ]);
    if (rowCount === 0) {
      const known = await this.deps.db.query(
        'SELECT 1 FROM calls WHERE id = $1',
        [e.callId],
      );
      if (known.rowCount === 0)
        return { outcome: 'ignored', reason: 'unknown_call' };
      return { outcome: 'duplicate', callId: e.callId };
    }
    this.deps.logger.info(
      { callId: e.callId, type: e.type, participantId: e.participantId },
      'livekit event recorded',
    );
    if (e.participantId && MEDIA_TYPES.includes(e.type)) {
      this.deps.onRecorded?.({
        type: e.type as MediaEventType,
        callId: e.callId,
        participantId: e.participantId,
        at,
        details: e.details,
        recorded: true,
      });
    }
    return { outcome: 'recorded', type: e.type, callId: e.callId };
  }
}
