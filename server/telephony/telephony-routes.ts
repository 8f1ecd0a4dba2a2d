import { z } from 'zod';
import { AppError } from '../errors';
import {
  Reply,
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { Database } from '../db/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { LiveChannel } from '../live/live-channel';
import { visitStaffRoom } from '../../signaling/visit-rooms';
import type { PhoneLedger } from './phone-ledger';
import type { Telephony } from './telephony';
import {
  CALL_ENDED_STATUSES,
  type TwilioEvent,
  type TwilioEventKind,
} from './twilio-events';
import {
  askForCodeTwiml,
  joinConferenceTwiml,
  MAX_CODE_ATTEMPTS,
  wrongCodeTwiml,
} from './voice-twiml';

/** What Twilio's webhooks use. */
export interface TelephonyRouteDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  live: LiveChannel;
}

const twiml = (xml: string) => Reply.text(xml, 'text/xml');
const attemptQuery = z.object({
  attempt: z.coerce.number().int().min(1).max(MAX_CODE_ATTEMPTS).default(1),
});
export const TWILIO_PATHS = {
  incoming: '/api/twilio/voice/incoming',
  code: '/api/twilio/voice/code',
  conference: '/api/twilio/voice/conference-status',
  callStatus: '/api/twilio/voice/call-status',
  smsStatus: '/api/twilio/sms/status',
} as const;

/**
 * Twilio's webhooks. Every one is checked against X-Twilio-Signature over
 * PUBLIC_URL + path before anything else happens; a refusal is audited.
 * Configure the Twilio number's voice URL as PUBLIC_URL + /api/twilio/voice/incoming.
 */
export function telephonyRoutes(
  s: TelephonyRouteDeps,
  telephony: Telephony | null,
  ledger: PhoneLedger,
): RouteDefinition[] {
  const url = (path: string) => `${telephony?.settings.publicUrl ?? ''}${path}`;

  async function verified<K extends TwilioEventKind>(
    ctx: HandlerContext<unknown, unknown>,
    kind: K,
  ): Promise<TwilioEvent<K>> {
    if (!telephony)
      throw new AppError(
        'unavailable',
        'twilio_not_configured',
        'Twilio is not configured on this server.',
      );
    try {
      return telephony.webhooks.receive(
        kind,
        ctx.req.originalUrl,
        ctx.req.header('x-twilio-signature'),
        (ctx.body ?? {}) as Record<string, unknown>,
      );
    } catch (err) {
      if (err instanceof AppError) {
        await s.audit.record({
          action: 'twilio.webhook_refused',
          outcome: 'denied',
          actorLabel: 'twilio',
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
          details: { kind, code: err.code },
        });
      }
      throw err;
    }
  }

  const webhook = (
    path: string,
    summary: string,
    handler: RouteDefinition['handler'],
    query?: z.ZodType,
  ) =>
    route({
      method: 'post',
      path,
      tag: 'twilio',
      summary,
      access: {
        public: true,
        reason: 'Twilio webhook, verified by X-Twilio-Signature',
      },
      rawBody: 'form',
      ...(query ? { query } : {}),
      responses: {
        200: { description: 'TwiML or empty', contentType: 'text/xml' },
        403: { description: 'Not signed by Twilio' },
      },
      handler,
    });

  return [
    webhook(
      TWILIO_PATHS.incoming,
      'Dial-in: a call reached the visit number; ask for the visit code.',
      async (ctx) => {
        await verified(ctx, 'voice.incoming');
        return twiml(
          askForCodeTwiml(
            url(TWILIO_PATHS.code),
            (ctx.query as { attempt: number }).attempt,
          ),
        );
      },
      attemptQuery,
    ),
    webhook(
      TWILIO_PATHS.code,
      'Dial-in: the digits typed; a live visit code places the caller in that visit’s conference.',
      async (ctx) => {
        const e = await verified(ctx, 'voice.incoming');
        const attempt = (ctx.query as { attempt: number }).attempt;
        const visit =
          e.Digits && e.Digits.length === 8
            ? await ledger.liveVisitWithCode(e.Digits)
            : null;
        if (!visit) {
          await s.audit.record({
            action: 'twilio.dial_in_code_refused',
            outcome: 'denied',
            actorLabel: 'twilio',
            requestId: ctx.requestId,
            details: { callSid: e.CallSid, attempt },
          });
          return twiml(wrongCodeTwiml(url(TWILIO_PATHS.incoming), attempt));
        }
        await ledger.register(
          { callSid: e.CallSid, visitId: visit.id, direction: 'dial_in' },
          s.clock.now(),
          'code_accepted',
        );
        await s.audit.record({
          action: 'twilio.dial_in',
          actorLabel: 'twilio',
          patientId: visit.patientId,
          resourceType: 'visit',
          resourceId: visit.id,
          requestId: ctx.requestId,
          details: { callSid: e.CallSid },
        });
        s.live.toRoom(visitStaffRoom(visit.id), 'visit:phone', {
          visitId: visit.id,
          callSid: e.CallSid,
          direction: 'dial_in',
          status: 'waiting',
        });
        return twiml(
          joinConferenceTwiml(
            {
              conferenceName: visit.conferenceName,
              statusCallbackUrl: url(TWILIO_PATHS.conference),
              startsConference: false,
            },
            {
              en: 'Thank you. Please stay on the line; your clinician will join you.',
              es: 'Gracias. Por favor no cuelgue; su clínico se unirá pronto.',
            },
          ),
        );
      },
      attemptQuery,
    ),
    webhook(
      TWILIO_PATHS.conference,
      'Conference participant joined or left: phone time into the ledger.',
      async (ctx) => {
        const e = await verified(ctx, 'voice.conference');
        const visit = await ledger.visitOfConference(e.FriendlyName);
        if (!visit || !e.CallSid) return Reply.noContent();
        const leg = (await ledger.find(e.CallSid)) ?? {
          callSid: e.CallSid,
          visitId: visit.id,
          direction: 'dial_in' as const,
        };
        if (e.StatusCallbackEvent === 'participant-join')
          await ledger.started(leg, s.clock.now(), 'conference_join');
        if (e.StatusCallbackEvent === 'participant-leave')
          await ledger.ended(leg, s.clock.now(), 'conference_leave');
        s.live.toRoom(visitStaffRoom(visit.id), 'visit:phone', {
          visitId: visit.id,
          callSid: e.CallSid,
          direction: leg.direction,
          status: e.StatusCallbackEvent,
        });
        return Reply.noContent();
      },
    ),
    webhook(
      TWILIO_PATHS.callStatus,
      'Status of a call we placed (dial-out): phone time into the ledger.',
      async (ctx) => {
        const e = await verified(ctx, 'voice.call_status');
        const leg = await ledger.find(e.CallSid);
        if (!leg) return Reply.noContent();
        const now = s.clock.now();
        if (e.CallStatus === 'in-progress')
          await ledger.started(leg, now, e.CallStatus);
        else if (CALL_ENDED_STATUSES.has(e.CallStatus))
          await ledger.ended(
            leg,
            now,
            e.CallStatus,
            e.CallDuration === undefined
              ? {}
              : { twilioDurationSeconds: e.CallDuration },
          );
        else await ledger.register(leg, now, e.CallStatus);
        s.live.toRoom(visitStaffRoom(leg.visitId), 'visit:phone', {
          visitId: leg.visitId,
          callSid: e.CallSid,
          direction: leg.direction,
          status: e.CallStatus,
        });
        return Reply.noContent();
      },
    ),
    webhook(
      TWILIO_PATHS.smsStatus,
      'Delivery status of an invitation text.',
      async (ctx) => {
        const e = await verified(ctx, 'sms.status');
        await s.audit.record({
          action: 'twilio.sms_status',
          actorLabel: 'twilio',
          requestId: ctx.requestId,
          details: {
            messageSid: e.MessageSid,
            status: e.MessageStatus,
            ...(e.ErrorCode ? { errorCode: e.ErrorCode } : {}),
          },
        });
        return Reply.noContent();
      },
    ),
  ];
}
