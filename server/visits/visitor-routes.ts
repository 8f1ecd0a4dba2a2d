import { z } from 'zod';
import { AppError } from '../errors';
import { bearerToken } from '../http/mount-routes';
import {
  route,
  type HandlerContext,
  type RouteDefinition,
} from '../http/route';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { VisitTokenVerifier } from '../../signaling/socket-identity';
import { visitorStateSchema } from '../../signaling/protocol/visit-events';
import type { Visitor } from '../../signaling/socket-identity';
import { identityClaimSchema } from './identity-check';
import {
  locationAnswerSchema,
  reportLocation,
} from './visit-billing-attestation';
import { consentSubmissionSchema } from './visit-check-in';
import type { VisitsModule } from './visits-module-types';

/** What the visitor routes use besides the visits module. */
export interface VisitorRouteDeps {
  db: Database;
  clock: Clock;
  audit: AuditLog;
  visitTokens: VisitTokenVerifier;
}

const VISIT_TOKEN_REASON =
  'patient/guardian/interpreter with a visit token (no account)';
const ownStateSchema = visitorStateSchema;

/**
 * The patient page's API. The invite link's token is exchanged by POST (a link
 * scanner's GET of the page never consumes it); every other call carries the
 * visit token as a bearer and touches only the caller's own participant row.
 */
export function visitorRoutes(
  s: VisitorRouteDeps,
  m: VisitsModule,
): RouteDefinition[] {
  const c = m.checkIn;
  async function visitorOf(
    ctx: HandlerContext<unknown, unknown>,
  ): Promise<Visitor> {
    const token = bearerToken(ctx.req);
    const r =
      token && s.visitTokens
        ? await s.visitTokens.verify(token)
        : ({ ok: false, reason: 'invalid' } as const);
    if (!r.ok) {
      await s.audit.record({
        action: 'visit.token_refused',
        outcome: 'denied',
        actorLabel: 'patient-visit',
        requestId: ctx.requestId,
        clientIp: ctx.clientIp,
        details: { reason: r.reason },
      });
      throw new AppError(
        'unauthenticated',
        `visit_token_${r.reason}`,
        r.reason === 'revoked'
          ? 'You are no longer in this visit. Please call your clinic.'
          : 'Your visit session has ended. Open your visit link again, or ask your clinic for a new one.',
      );
    }
    return r.visitor;
  }
  const origin = (ctx: HandlerContext<unknown, unknown>) => ({
    clientIp: ctx.clientIp,
    requestId: ctx.requestId,
  });
  const visitor = { public: true as const, reason: VISIT_TOKEN_REASON };

  return [
    route({
      method: 'post',
      path: '/api/visit/exchange',
      tag: 'visit (patient page)',
      summary:
        'Exchange a single-use invite token for a short-lived visit token. Unknown tokens are rate limited per address.',
      access: { public: true, reason: 'the invite link is the credential' },
      body: z.object({ token: z.string().min(1).max(200) }),
      responses: {
        200: {
          description: 'Visit token and own state',
          schema: z.object({
            visitToken: z.string(),
            expiresAt: z.string(),
            state: ownStateSchema,
          }),
        },
        404: { description: 'invite_invalid' },
        410: { description: 'invite_used, invite_expired or invite_revoked' },
        429: { description: 'Too many unknown links from this address' },
      },
      handler: async (ctx) => c.exchange(ctx.body.token, origin(ctx)),
    }),
    route({
      method: 'get',
      path: '/api/visit/me',
      tag: 'visit (patient page)',
      summary:
        "The visitor's own state: check-in steps left, waiting, admitted. Never anyone else's.",
      access: visitor,
      responses: { 200: { description: 'Own state', schema: ownStateSchema } },
      handler: async (ctx) => c.state(await visitorOf(ctx)),
    }),
    route({
      method: 'get',
      path: '/api/visit/consent-texts',
      tag: 'visit (patient page)',
      summary:
        'The consent texts this visitor is asked to agree to, with version and SHA-256 to send back.',
      access: visitor,
      query: z.object({ language: z.enum(['en', 'es']).default('en') }),
      responses: { 200: { description: 'Texts' } },
      handler: async (ctx) => ({
        texts: await c.consentTexts(await visitorOf(ctx), ctx.query.language),
      }),
    }),
    route({
      method: 'post',
      path: '/api/visit/identity',
      tag: 'visit (patient page)',
      summary:
        'Identity check: patient name and date of birth; guardian name, relationship and the child’s date of birth.',
      access: visitor,
      body: identityClaimSchema,
      responses: {
        200: { description: 'Own state', schema: ownStateSchema },
        422: { description: 'identity_mismatch' },
      },
      handler: async (ctx) =>
        c.confirmIdentity(await visitorOf(ctx), ctx.body, origin(ctx)),
    }),
    route({
      method: 'post',
      path: '/api/visit/consent',
      tag: 'visit (patient page)',
      summary:
        'Agree to the consent texts shown (telehealth; for a minor, the guardian’s consent).',
      access: visitor,
      body: consentSubmissionSchema,
      responses: { 200: { description: 'Own state', schema: ownStateSchema } },
      handler: async (ctx) =>
        c.consent(await visitorOf(ctx), ctx.body, origin(ctx)),
    }),
    route({
      method: 'post',
      path: '/api/visit/waiting-room',
      tag: 'visit (patient page)',
      summary:
        'Enter the waiting room once the identity check and consents are done.',
      access: visitor,
      body: z.object({ audioOnly: z.boolean().default(false) }),
      responses: {
        200: { description: 'Own state', schema: ownStateSchema },
        409: { description: 'check_in_incomplete' },
      },
      handler: async (ctx) =>
        c.enterWaitingRoom(
          await visitorOf(ctx),
          ctx.body.audioOnly,
          origin(ctx),
        ),
    }),
    route({
      method: 'post',
      path: '/api/visit/location',
      tag: 'visit (patient page)',
      summary:
        'Say where the patient is for this visit: at home, or elsewhere (place of service).',
      access: visitor,
      body: locationAnswerSchema,
      responses: {
        200: { description: 'Recorded', schema: locationAnswerSchema },
        409: { description: 'visit_over' },
      },
      handler: async (ctx) =>
        reportLocation(s, await visitorOf(ctx), ctx.body.location, origin(ctx)),
    }),
  ];
}
