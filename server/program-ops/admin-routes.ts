import { z } from 'zod';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { badRequest, invalidField, notFound } from '../errors';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { LiveChannel } from '../live/live-channel';
import { hashPassword } from '../auth/passwords';
import { inviteBaseUrl } from '../visits/invite-base-url';
import { hashSecretToken, mintSecretToken } from '../visits/secret-token';
import {
  adminUserSchema,
  invitationAcceptSchema,
  practiceInputSchema,
  practiceSchema,
  userInviteSchema,
  userUpdateSchema,
  type PracticeInput,
} from '../../signaling/protocol/rest/admin';
import {
  insertPractice,
  listPractices,
  practiceInProgram,
  updatePractice,
} from './practice-repository';
import {
  acceptInvitation,
  deactivateUser,
  findAdminUser,
  insertInvitation,
  insertInvitedUser,
  listAdminUsers,
  updateUser,
} from './user-admin-repository';
import { isUuid } from '../ids';

export interface AdminRouteDeps {
  config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>;
  selfUrl?: () => string | undefined;
  db: Database;
  clock: Clock;
  live: LiveChannel;
}

const INVITATION_DAYS = 7;
const ADMIN = ['admin'] as const;

const checkDates = (p: PracticeInput) => {
  if (p.withdrawnOn && p.withdrawnOn < p.enrolledOn)
    throw invalidField('withdrawnOn', 'is before enrolledOn');
};

/** Practices and users of the admin's program; the invitation a new user accepts. */
export function adminRoutes(deps: AdminRouteDeps): RouteDefinition[] {
  const practiceOf = async (programId: string, id: string | null) => {
    if (id && !(await practiceInProgram(deps.db, programId, id)))
      throw invalidField('practiceId', 'is not a practice of your program');
  };
  const invite = async (programId: string, userId: string, by: string) => {
    const token = mintSecretToken();
    const now = deps.clock.now();
    await insertInvitation(deps.db, {
      tokenHash: hashSecretToken(token),
      userId,
      createdBy: by,
      now,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    });
    const base = inviteBaseUrl(deps.config, deps.selfUrl?.());
    return `${base}/invite/${token}`;
  };

  return [
    route({
      method: 'get',
      path: '/api/admin/practices',
      tag: 'admin',
      summary: "Your program's practices with enrolment dates and rural flag.",
      access: { roles: ADMIN },
      responses: {
        200: {
          description: 'Practices',
          schema: z.object({ practices: z.array(practiceSchema) }),
        },
      },
      handler: async (ctx) => ({
        practices: await listPractices(deps.db, ctx.user.programId),
      }),
    }),
    route({
      method: 'post',
      path: '/api/admin/practices',
      tag: 'admin',
      summary: 'Enrol a practice.',
      access: { roles: ADMIN },
      body: practiceInputSchema,
      responses: { 201: { description: 'Enrolled', schema: practiceSchema } },
      handler: async (ctx) => {
        checkDates(ctx.body);
        const p = await insertPractice(deps.db, ctx.user.programId, ctx.body);
        await ctx.audit({
          action: 'admin.practice.create',
          resourceType: 'practice',
          resourceId: p.id,
        });
        return Reply.created(p);
      },
    }),
    route({
      method: 'put',
      path: '/api/admin/practices/:practiceId',
      tag: 'admin',
      summary:
        'Change a practice (a withdrawal date ends its enrolment; KPIs count it only while enrolled).',
      access: { roles: ADMIN },
      body: practiceInputSchema,
      responses: { 200: { description: 'Changed', schema: practiceSchema } },
      handler: async (ctx) => {
        checkDates(ctx.body);
        const id = ctx.params.practiceId!;
        const p = isUuid(id)
          ? await updatePractice(deps.db, ctx.user.programId, id, ctx.body)
          : null;
        if (!p) throw notFound('The practice');
        await ctx.audit({
          action: 'admin.practice.update',
          resourceType: 'practice',
          resourceId: p.id,
        });
        return p;
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/users',
      tag: 'admin',
      summary: "Your program's users with licenses, languages and state.",
      access: { roles: ADMIN },
      responses: {
        200: {
          description: 'Users',
          schema: z.object({ users: z.array(adminUserSchema) }),
        },
      },
      handler: async (ctx) => ({
        users: await listAdminUsers(deps.db, ctx.user.programId),
      }),
    }),
    route({
      method: 'post',
      path: '/api/admin/users',
      tag: 'admin',
      summary:
        'Invite a user: the answer holds a one-time link (7 days) where they set their password; send it to them.',
      access: { roles: ADMIN },
      body: userInviteSchema,
      responses: {
        201: {
          description: 'Invited',
          schema: z.object({ user: adminUserSchema, inviteUrl: z.string() }),
        },
      },
      handler: async (ctx) => {
        const u = ctx.body;
        if (u.role === 'pcp' && !u.practiceId)
          throw invalidField('practiceId', 'is required for a PCP');
        await practiceOf(ctx.user.programId, u.practiceId);
        const id = await deps.db
          .transaction((tx) => insertInvitedUser(tx, ctx.user.programId, u))
          .catch((err: { code?: string }) => {
            if (err?.code === '23505')
              throw invalidField('email', 'is already in use');
            throw err;
          });
        const inviteUrl = await invite(ctx.user.programId, id, ctx.user.userId);
        await ctx.audit({
          action: 'admin.user.invite',
          resourceType: 'user',
          resourceId: id,
          details: { role: u.role },
        });
        return Reply.created({
          user: await findAdminUser(deps.db, ctx.user.programId, id),
          inviteUrl,
        });
      },
    }),
    route({
      method: 'put',
      path: '/api/admin/users/:userId',
      tag: 'admin',
      summary:
        'Change a user: name, practice, NPI, specialties, licenses with expiry, languages.',
      access: { roles: ADMIN },
      body: userUpdateSchema,
      responses: { 200: { description: 'Changed', schema: adminUserSchema } },
      handler: async (ctx) => {
        const id = ctx.params.userId!;
        const found = isUuid(id)
          ? await findAdminUser(deps.db, ctx.user.programId, id)
          : null;
        if (!found) throw notFound('The user');
        if (ctx.body.practiceId !== undefined)
          await practiceOf(ctx.user.programId, ctx.body.practiceId);
        if (found.role === 'pcp' && ctx.body.practiceId === null)
          throw invalidField('practiceId', 'is required for a PCP');
        await deps.db.transaction((tx) => updateUser(tx, id, ctx.body));
        await ctx.audit({
          action: 'admin.user.update',
          resourceType: 'user',
          resourceId: id,
          details: { fields: Object.keys(ctx.body) },
        });
        return findAdminUser(deps.db, ctx.user.programId, id);
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/users/:userId/deactivate',
      tag: 'admin',
      summary:
        'Deactivate a user: every session ends and their sockets close at once.',
      access: { roles: ADMIN },
      responses: {
        200: { description: 'Deactivated', schema: adminUserSchema },
      },
      handler: async (ctx) => {
        const id = ctx.params.userId!;
        if (id === ctx.user.userId)
          throw badRequest(
            'cannot_deactivate_self',
            'You cannot deactivate your own account.',
          );
        const sessions = isUuid(id)
          ? await deps.db.transaction((tx) =>
              deactivateUser(tx, ctx.user.programId, id, deps.clock.now()),
            )
          : null;
        if (!sessions) throw notFound('The user');
        for (const s of sessions) deps.live.disconnectSession(s);
        await ctx.audit({
          action: 'admin.user.deactivate',
          resourceType: 'user',
          resourceId: id,
          details: { sessionsEnded: sessions.length },
        });
        return findAdminUser(deps.db, ctx.user.programId, id);
      },
    }),
    route({
      method: 'post',
      path: '/api/invitations/accept',
      tag: 'auth',
      summary:
        'Set your password with the one-time invitation link an administrator sent you.',
      access: {
        public: true,
        reason: 'an invited user has no password yet; the link is the secret',
      },
      body: invitationAcceptSchema,
      responses: {
        200: {
          description: 'Password set: sign in with it',
          schema: z.object({ email: z.string() }),
        },
      },
      handler: async (ctx) => {
        const done = await acceptInvitation(
          deps.db,
          hashSecretToken(ctx.body.token),
          await hashPassword(ctx.body.password),
          deps.clock.now(),
        );
        if (!done)
          throw notFound(
            'This invitation (it may have been used or expired)',
            'invitation_not_found',
          );
        return { email: done.email };
      },
    }),
  ];
}
