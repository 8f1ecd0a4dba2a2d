import { route, type RouteDefinition } from '../http/route';
import type { ProgramSettingsService } from './program-settings-service';
import {
  queueSettingsPatchSchema,
  queueSettingsSchema,
} from './program-settings';

/** What the program routes use. */
export interface ProgramRouteDeps {
  programs: ProgramSettingsService;
}

/** Program settings of the signed-in admin's own program. */
export function programRoutes(s: ProgramRouteDeps): RouteDefinition[] {
  return [
    route({
      method: 'get',
      path: '/api/program/settings',
      tag: 'programs',
      summary:
        'Queue settings of your program: target minutes, offer timeout, escalation steps, triage, interpreter.',
      access: { roles: ['admin'] },
      responses: {
        200: { description: 'Settings', schema: queueSettingsSchema },
      },
      handler: (ctx) => s.programs.queue(ctx.user.programId),
    }),
    route({
      method: 'put',
      path: '/api/program/settings',
      tag: 'programs',
      summary:
        'Change queue settings of your program; fields left out keep their value.',
      access: { roles: ['admin'] },
      body: queueSettingsPatchSchema,
      responses: {
        200: {
          description: 'Settings now in force',
          schema: queueSettingsSchema,
        },
      },
      handler: async (ctx) => {
        const updated = await s.programs.updateQueue(
          ctx.user.programId,
          ctx.body,
        );
        await ctx.audit({
          action: 'program.settings_update',
          resourceType: 'program',
          resourceId: ctx.user.programId,
          details: { fields: Object.keys(ctx.body) },
        });
        return updated;
      },
    }),
  ];
}
