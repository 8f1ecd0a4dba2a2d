import { z } from 'zod';
import { notFound, unauthorized } from '../../errors';
import { route, type RouteDefinition } from '../../http/route';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { MediaBackend } from '../media-backend';
import {
  LivekitWebhookHandler,
  WebhookSignatureError,
} from './livekit-webhook';
import type { LiveKitBackend } from './livekit-backend';

/** What LiveKit's webhook uses. */
export interface LivekitWebhookRouteDeps {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  media: MediaBackend;
}

const outcomeSchema = z.object({
  outcome: z.enum(['recorded', 'duplicate', 'ignored']),
  type: z.string().optional(),
  callId: z.string().optional(),
  reason: z.string().optional(),
});

/**
 * LiveKit posts participant and room events here (configure the LiveKit
 * server's or LiveKit Cloud's webhook URL to `${PUBLIC_URL}/api/media/livekit/webhook`).
 * The body is kept raw: its sha256 is part of the signed Authorization token.
 */
export function livekitWebhookRoutes(
  s: LivekitWebhookRouteDeps,
): RouteDefinition[] {
  let handler: LivekitWebhookHandler | null = null;
  const handlerFor = () => {
    const c = s.config;
    if (
      c.MEDIA_BACKEND !== 'livekit' ||
      !c.LIVEKIT_API_KEY ||
      !c.LIVEKIT_API_SECRET
    )
      return null;
    return (handler ??= new LivekitWebhookHandler(
      { apiKey: c.LIVEKIT_API_KEY, apiSecret: c.LIVEKIT_API_SECRET },
      {
        db: s.db,
        clock: s.clock,
        logger: s.logger,
        onRecorded: (e) =>
          s.media?.kind === 'livekit'
            ? (s.media as LiveKitBackend).notify(e)
            : undefined,
      },
    ));
  };
  return [
    route({
      method: 'post',
      path: '/api/media/livekit/webhook',
      tag: 'media',
      summary:
        'Receive a LiveKit webhook (participant joined/left, room started/finished) into the call-event log',
      access: {
        public: true,
        reason:
          'Called by the LiveKit server; every body is verified against its signed Authorization token',
      },
      rawBody: 'any',
      responses: {
        200: {
          description: 'Verified; what was done with it',
          schema: outcomeSchema,
        },
        401: { description: 'Missing or invalid signature' },
        404: { description: "LiveKit is not this deployment's media backend" },
      },
      handler: async (ctx) => {
        const h = handlerFor();
        if (!h) throw notFound('The LiveKit webhook', 'livekit_not_configured');
        const raw = Buffer.isBuffer(ctx.req.body)
          ? ctx.req.body.toString('utf8')
          : '';
        try {
          return await h.handle(raw, ctx.req.header('authorization'));
        } catch (err) {
          if (!(err instanceof WebhookSignatureError)) throw err;
          await ctx.audit({
            action: 'livekit.webhook_refused',
            outcome: 'denied',
            actorLabel: 'livekit',
            details: { reason: err.reason },
          });
          throw unauthorized(
            'The webhook signature did not verify.',
            'webhook_signature_invalid',
          );
        }
      },
    }),
  ];
}
