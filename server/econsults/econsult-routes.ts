import { z } from 'zod';
import { route, type RouteDefinition } from '../http/route';
import type { ThreadMessage } from './thread-repository';
import type { AttachmentMeta, AttachmentStore } from './attachment-store';
import { readOneFile } from './attachment-upload';
import type { ThreadService } from './thread-service';
import { consultJson } from '../consults/consult-routes';
import type { EconsultService } from './econsult-service';
import type { ConsultService } from '../consults/consult-service';
import { Reply } from '../http/route';

export interface EconsultRouteDeps {
  attachments: AttachmentStore;
  consults: ConsultService;
  econsults: EconsultService;
  thread: ThreadService;
}

const messageJson = (m: ThreadMessage) => ({
  ...m,
  createdAt: m.createdAt.toISOString(),
  readAt: m.readAt ? m.readAt.toISOString() : null,
});

const attachmentJson = (a: AttachmentMeta) => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
});

const e164 = z
  .string()
  .trim()
  .regex(
    /^\+[1-9]\d{6,14}$/,
    'must be an E.164 phone number such as +16175550100',
  );

const consultIdPath = '/api/consults/:consultId';

const textChoiceSchema = z.object({
  optIn: z.boolean(),
  phone: z.string().nullable(),
  optedInAt: z.string().nullable(),
});

/** Written eConsults: the pool, the claim and the clarification thread. */
export function econsultRoutes(deps: EconsultRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/econsults/pool',
      tag: 'econsults',
      summary:
        'Written eConsults waiting for a claim that you are eligible for ' +
        "(licensed in the patient's state, specialty, language, or named).",
      access: { roles: ['psychiatrist'] },
      handler: async (ctx) => {
        const pooled = await ctx.care.consults(['pooled']);
        const context = await deps.econsults.poolContexts(
          pooled.map((c) => c.id),
        );
        return {
          consults: pooled.map((c) => ({
            ...consultJson(c),
            poolContext: context.get(c.id) ?? null,
          })),
        };
      },
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/claim`,
      tag: 'econsults',
      summary:
        'Claim a pooled eConsult. One claim wins; the others get 409 ' +
        'consult_state_changed.',
      access: { roles: ['psychiatrist'] },
      handler: async (ctx) => ({
        consult: consultJson(
          await deps.econsults.claim(
            ctx.care.actor,
            await ctx.care.consultToChange(
              ctx.params.consultId!,
              'econsult.claim',
            ),
          ),
        ),
      }),
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/messages`,
      tag: 'econsults',
      summary:
        'Post in the clarification thread: the psychiatrist asks (the reply ' +
        'clock pauses), the PCP answers (it runs again). Pushed live to the ' +
        'other clinician; texted to them only if they opted in, naming no patient.',
      access: { roles: ['pcp', 'psychiatrist'] },
      body: z
        .object({
          body: z
            .string()
            .trim()
            .min(1, 'is required')
            .max(4000, 'must be at most 4000 characters'),
        })
        .strict(),
      handler: async (ctx) => {
        const c = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'econsult.message',
        );
        await ctx.care.writesThread(c, 'econsult.message');
        return {
          message: messageJson(
            await deps.thread.post(ctx.care.actor, c, ctx.body.body),
          ),
        };
      },
    }),
    route({
      method: 'get',
      path: `${consultIdPath}/messages`,
      tag: 'econsults',
      summary:
        'The clarification thread, oldest first; what was addressed to you is marked read.',
      access: { roles: ['pcp', 'psychiatrist', 'coordinator', 'admin'] },
      handler: async (ctx) => {
        const c = await ctx.care.consult(
          ctx.params.consultId!,
          'econsult.thread_read',
        );
        const messages = await deps.thread.read(ctx.user.userId, c);
        return { messages: messages.map(messageJson) };
      },
    }),
    route({
      method: 'get',
      path: '/api/econsults/unread',
      tag: 'econsults',
      summary:
        'Your badge: unread eConsult messages and written replies ' +
        'addressed to you.',
      access: { roles: ['pcp', 'psychiatrist'] },
      handler: async (ctx) => {
        const byConsult = await deps.thread.unread(ctx.user.userId);
        return {
          total: byConsult.reduce((n, u) => n + u.unread, 0),
          byConsult,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/me/econsult-texts',
      tag: 'econsults',
      summary:
        'Your choice about texts for eConsult messages: opted in (to which ' +
        'number, since when) or not.',
      access: { roles: ['pcp', 'psychiatrist'] },
      responses: {
        200: {
          description: 'Your texting choice',
          schema: textChoiceSchema,
        },
      },
      handler: (ctx) => deps.thread.texting(ctx.user.userId),
    }),
    route({
      method: 'put',
      path: '/api/me/econsult-texts',
      tag: 'econsults',
      summary:
        'Opt in to a text when an eConsult message arrives (it names no ' +
        'patient), with your number; or opt out.',
      access: { roles: ['pcp', 'psychiatrist'] },
      body: z
        .object({ optIn: z.boolean(), phone: e164.optional() })
        .strict()
        .refine((v) => !v.optIn || v.phone, {
          path: ['phone'],
          message: 'is required to opt in',
        }),
      handler: async (ctx) => {
        await deps.thread.setTexting(
          ctx.user.userId,
          ctx.body.optIn ? ctx.body.phone! : null,
        );
        await ctx.audit({
          action: 'econsult.texts_choice',
          resourceType: 'user',
          resourceId: ctx.user.userId,
          details: { optIn: ctx.body.optIn },
        });
        return { optIn: ctx.body.optIn };
      },
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/convert`,
      tag: 'econsults',
      summary:
        'The requesting PCP converts an answered eConsult into a live consult ' +
        'or a direct evaluation in one click: same intake, linked back ' +
        '(convertedFrom), the eConsult and its history kept. 201 first, 200 on a retry.',
      access: { roles: ['pcp'] },
      body: z
        .object({ to: z.enum(['clinician_consult', 'direct_evaluation']) })
        .strict(),
      handler: async (ctx) => {
        const c = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'econsult.convert',
        );
        await ctx.care.writesThread(c, 'econsult.convert');
        const r = await deps.consults.convert(ctx.user, c, ctx.body.to, {
          requestId: ctx.requestId,
          clientIp: ctx.clientIp,
        });
        const out = { consult: consultJson(r.consult) };
        return r.created ? Reply.created(out) : out;
      },
    }),
    route({
      method: 'post',
      path: `${consultIdPath}/attachments`,
      tag: 'econsults',
      summary:
        'Attach one file (multipart/form-data, field "file"): PDF, PNG or JPEG ' +
        'by its bytes (else 415), 10 MB at most (else 413), 5 per eConsult ' +
        '(else 409), not empty; nothing is stored on any failure.',
      access: { roles: ['pcp', 'psychiatrist'] },
      handler: async (ctx) => {
        const c = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'econsult.attachment_upload',
        );
        await ctx.care.writesThread(c, 'econsult.attachment_upload');
        await deps.attachments.assertRoom(c);
        const file = await readOneFile(ctx.req);
        return Reply.created({
          attachment: attachmentJson(
            await deps.attachments.add(ctx.care.actor, c, file),
          ),
        });
      },
    }),
    route({
      method: 'get',
      path: `${consultIdPath}/attachments`,
      tag: 'econsults',
      summary: "The eConsult's attachments (names, types, sizes, checksums).",
      access: { roles: ['pcp', 'psychiatrist', 'coordinator'] },
      handler: async (ctx) => {
        const c = await ctx.care.consult(
          ctx.params.consultId!,
          'econsult.attachment_list',
        );
        return {
          attachments: (await deps.attachments.list(c)).map(attachmentJson),
        };
      },
    }),
    route({
      method: 'get',
      path: `${consultIdPath}/attachments/:attachmentId`,
      tag: 'econsults',
      summary:
        'Download one attachment (care team only), checksum verified, always ' +
        'as a download (Content-Disposition: attachment, nosniff, sandboxed): ' +
        'never rendered in the app. Each download is audited.',
      access: { roles: ['pcp', 'psychiatrist', 'coordinator'] },
      handler: async (ctx) => {
        const c = await ctx.care.consultToChange(
          ctx.params.consultId!,
          'econsult.attachment_download',
        );
        const { meta, bytes } = await deps.attachments.content(
          c,
          ctx.params.attachmentId!,
        );
        await ctx.audit({
          action: 'econsult.attachment_download',
          patientId: c.patientId,
          resourceType: 'econsult_attachment',
          resourceId: meta.id,
          details: { consultId: c.id, sha256: meta.sha256 },
        });
        return new Reply(200, bytes, meta.mediaType, {
          'Content-Disposition': `attachment; filename="${meta.fileName.replace(/"/g, '')}"`,
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'",
          'Cache-Control': 'no-store',
          ETag: `"${meta.sha256}"`,
        });
      },
    }),
  ];
}
