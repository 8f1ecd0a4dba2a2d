import { z } from 'zod';
import { Reply, route, type RouteDefinition } from '../http/route';
import type { HandlerContext } from '../http/route';
import {
  closeEpisodeSchema,
  episodeReportDraftSchema,
  referralRequestSchema,
  sessionNoteSchema,
} from '../../signaling/protocol/rest/episodes';
import { episodeJson, episodeReportJson, sessionJson } from './episode-json';
import { renderEpisodeReportPage } from './episode-report-page';
import type { Episode } from './episode';
import type { EpisodeClosing } from './episode-closing';
import type { EpisodeReports } from './episode-reports';
import type { EpisodeService } from './episode-service';
import type { EpisodeSessions } from './episode-sessions';

export interface EpisodeRouteDeps {
  episodes: EpisodeService;
  sessions: EpisodeSessions;
  reports: EpisodeReports;
  closing: EpisodeClosing;
}

const READERS = [
  'pcp',
  'bh_clinician',
  'coordinator',
  'admin',
  'biller',
] as const;
const CARE = ['bh_clinician'] as const;
const path = '/api/episodes/:episodeId';
const episodeSchema = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'closed']),
  origin: z.enum(['warm_handoff', 'scheduled']),
  sessionLimit: z.number(),
});

const who = (ctx: HandlerContext<unknown, unknown>) => ({
  ...ctx.user,
  requestId: ctx.requestId,
  clientIp: ctx.clientIp,
});

export function episodeRoutes(deps: EpisodeRouteDeps): RouteDefinition[] {
  const { episodes, sessions, reports, closing } = deps;
  /** The episode with its sessions and report, as every screen shows it. */
  const full = async (e: Episode) => ({
    episode: episodeJson(e),
    sessions: (await sessions.withBilling(e)).map((s) => ({
      ...sessionJson(s),
      billing: s.billing,
    })),
    report: episodeReportJson(await reports.find(e)),
  });
  const care = (ctx: HandlerContext<unknown, unknown>, action: string) =>
    episodes.read(who(ctx), ctx.params.episodeId!, action, 'episode_care');
  return [
    route({
      method: 'post',
      path: '/api/patients/:patientId/episodes',
      tag: 'episodes',
      summary:
        'Refer a patient for a short behavioral health episode (scheduled): a licensed clinician, the next opening.',
      access: { roles: ['pcp'] },
      body: referralRequestSchema,
      responses: { 201: { description: 'Referred', schema: episodeSchema } },
      handler: async (ctx) => {
        const patient = await ctx.care.patient(
          ctx.params.patientId!,
          'episode.refer',
        );
        return Reply.created(
          episodeJson(await episodes.refer(who(ctx), patient)),
        );
      },
    }),
    route({
      method: 'get',
      path: '/api/episodes',
      tag: 'episodes',
      summary:
        "Episodes you may see: a PCP their practice's, a behavioral health clinician their own, staff the program's.",
      access: { roles: READERS },
      query: z.object({ patientId: z.uuid().optional() }).strict(),
      handler: async (ctx) => ({
        episodes: (
          await episodes.list(who(ctx), ctx.query.patientId ?? null)
        ).map(episodeJson),
      }),
    }),
    route({
      method: 'get',
      path,
      tag: 'episodes',
      summary: 'One episode with its sessions and its report to the PCP.',
      access: { roles: READERS },
      handler: async (ctx) => {
        const e = await episodes.read(
          who(ctx),
          ctx.params.episodeId!,
          'episode.read',
        );
        // Whose episode, on the screen as on the printed report.
        const f = await episodes.pageFacts(e);
        return {
          ...(await full(e)),
          people: {
            patientName: f.patientName,
            patientBirthDate: f.patientBirthDate,
            practiceName: f.practiceName,
            referredByName: f.requesterName,
            clinicianName: f.clinicianName,
          },
        };
      },
    }),
    route({
      method: 'post',
      path: `${path}/sessions`,
      tag: 'episodes',
      summary:
        'Record a session with its structured note. Past the program limit (default 3): 409 episode_session_limit (close, or step up).',
      access: { roles: CARE },
      body: sessionNoteSchema,
      responses: {
        201: { description: 'Recorded' },
        409: { description: 'episode_session_limit or episode_closed' },
      },
      handler: async (ctx) => {
        const e = await care(ctx, 'episode.session');
        const s = await sessions.add(who(ctx), e.id, ctx.body);
        return Reply.created(sessionJson(s));
      },
    }),
    route({
      method: 'put',
      path: `${path}/report`,
      tag: 'episodes',
      summary: 'Save the draft of the report to the PCP.',
      access: { roles: CARE },
      body: episodeReportDraftSchema,
      handler: async (ctx) => {
        const e = await care(ctx, 'episode.report.save');
        return episodeReportJson(
          await reports.saveDraft(who(ctx), e, ctx.body),
        );
      },
    }),
    route({
      method: 'post',
      path: `${path}/report/sign`,
      tag: 'episodes',
      summary: 'Sign the report: it locks and is delivered to the PCP live.',
      access: { roles: CARE },
      body: z.object({}).strict(),
      handler: async (ctx) => {
        const e = await care(ctx, 'episode.report.sign');
        return episodeReportJson(await reports.sign(who(ctx), e));
      },
    }),
    route({
      method: 'post',
      path: `${path}/report/addenda`,
      tag: 'episodes',
      summary: 'Add a signed addendum to a signed report (delivered live).',
      access: { roles: CARE },
      body: z.object({ body: z.string().trim().min(1).max(4000) }).strict(),
      handler: async (ctx) => {
        const e = await care(ctx, 'episode.report.addendum');
        return episodeReportJson(
          await reports.addAddendum(who(ctx), e, ctx.body.body),
        );
      },
    }),
    route({
      method: 'get',
      path: `${path}/report/print`,
      tag: 'episodes',
      summary: 'The episode report as a printable HTML page.',
      access: { roles: READERS },
      responses: {
        200: { description: 'HTML page', contentType: 'text/html' },
      },
      handler: async (ctx) => {
        const e = await episodes.read(
          who(ctx),
          ctx.params.episodeId!,
          'episode.report.print',
        );
        const report = await reports.find(e);
        if (!report)
          return new Reply(404, {
            error: { code: 'not_found', message: 'No report yet.' },
          });
        const html = renderEpisodeReportPage(
          e,
          await sessions.list(e),
          report,
          await episodes.pageFacts(e),
        );
        return Reply.text(html, 'text/html; charset=utf-8', {
          'Content-Security-Policy':
            "default-src 'none'; style-src 'unsafe-inline'",
        });
      },
    }),
    route({
      method: 'post',
      path: `${path}/close`,
      tag: 'episodes',
      summary:
        'Close with an outcome (needs the signed report). stepped_up_to_psychiatry also requests a psychiatry consult pre-filled with the episode summary and screenings.',
      access: { roles: CARE },
      body: closeEpisodeSchema,
      handler: async (ctx) => {
        const e = await care(ctx, 'episode.close');
        const r = await closing.close(who(ctx), e, ctx.body);
        return {
          episode: episodeJson(r.episode),
          stepUpConsultId: r.consult?.id ?? null,
        };
      },
    }),
  ];
}
