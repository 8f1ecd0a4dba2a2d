import { findUserById } from '../org/users';
import { notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { AuthService } from './auth-service';
import type { Database } from '../db/database';
import type { LiveChannel } from '../live/live-channel';
import {
  cookieValue,
  KNOWN_DEVICE_COOKIE,
  KNOWN_DEVICE_MAX_AGE_SECONDS,
} from './known-device';
import { ROLES, userSchema } from '../../signaling/protocol/identities';
import {
  loginBodySchema as loginBody,
  loginReplySchema,
  refreshBodySchema as refreshBody,
  refreshReplySchema,
} from '../../signaling/protocol/rest/auth';

/** What the sign-in routes use. */
export interface AuthRouteDeps {
  auth: AuthService;
  db: Database;
  live: LiveChannel;
}

export function authRoutes(deps: AuthRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      summary:
        'Sign in with email and password; returns a 15-minute access token and a single-use refresh token.',
      access: { public: true, reason: 'sign-in' },
      body: loginBody,
      responses: {
        200: {
          description: 'Signed in',
          schema: loginReplySchema,
        },
        401: { description: 'Wrong email or password' },
        429: { description: 'Too many failures' },
      },
      handler: async ({ body, clientIp, requestId, req, res }) => {
        const { knownDevice, ...signedIn } = await deps.auth.login(
          body.email,
          body.password,
          {
            clientIp,
            requestId,
            knownDevice: cookieValue(req.header('cookie'), KNOWN_DEVICE_COOKIE),
          },
        );
        // HttpOnly and scoped to sign-in: only this route ever reads it.
        res.cookie(KNOWN_DEVICE_COOKIE, knownDevice, {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.secure,
          path: '/api/auth/login',
          maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS * 1000,
        });
        return signedIn;
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/refresh',
      tag: 'auth',
      summary:
        'Exchange a refresh token for a new pair. Reusing a spent refresh token ends the session.',
      access: { public: true, reason: 'holder of a refresh token' },
      body: refreshBody,
      responses: {
        200: { description: 'New token pair', schema: refreshReplySchema },
        401: { description: 'Session ended' },
      },
      handler: async ({ body, clientIp, requestId }) => ({
        tokens: await deps.auth.refresh(body.refreshToken, {
          clientIp,
          requestId,
        }),
      }),
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      summary:
        'End this session: its refresh tokens and access tokens stop working, and live sockets are closed.',
      access: { roles: ROLES },
      responses: { 204: { description: 'Signed out' } },
      handler: async ({ user, clientIp, requestId }) => {
        await deps.auth.logout(user, { clientIp, requestId });
        deps.live.disconnectSession(user.sessionId);
        return Reply.noContent();
      },
    }),
    route({
      method: 'get',
      path: '/api/me',
      tag: 'auth',
      summary: 'The signed-in user.',
      access: { roles: ROLES },
      responses: { 200: { description: 'The user', schema: userSchema } },
      handler: async ({ user }) => {
        const u = await findUserById(deps.db, user.userId);
        if (!u) throw notFound('Your account');
        return u;
      },
    }),
  ];
}
