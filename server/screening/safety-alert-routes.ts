import { z } from 'zod';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { Reply, route, type RouteDefinition } from '../http/route';
import {
  acknowledgementSchema,
  safetyAlertListSchema,
  safetyAlertSchema,
  screeningSettingsSchema,
} from '../../signaling/protocol/rest/safety-alerts';
import {
  alertToJson,
  escalationSeconds,
  saveEscalationSeconds,
} from './safety-alert-repository';
import type { SafetyAlertService } from './safety-alert-service';
import type { ConsultService } from '../consults/consult-service';
import { urgentConsultFromAlert } from './urgent-consult-from-alert';

export interface SafetyAlertRouteDeps {
  alerts: SafetyAlertService;
  consults: ConsultService;
  db: Database;
  clock: Clock;
}

// Behavioral health clinicians and care managers screen and follow up too.
const CARE_TEAM = [
  'pcp',
  'psychiatrist',
  'coordinator',
  'bh_clinician',
  'care_manager',
] as const;

export function safetyAlertRoutes(
  deps: SafetyAlertRouteDeps,
): RouteDefinition[] {
  const { alerts } = deps;
  return [
    route({
      method: 'get',
      path: '/api/safety-alerts',
      tag: 'screening',
      summary:
        'Unacknowledged safety alerts for the caller: those they ordered; a coordinator sees every alert of the program.',
      access: { roles: CARE_TEAM },
      responses: {
        200: { description: 'Open alerts', schema: safetyAlertListSchema },
      },
      handler: async (ctx) => ({
        alerts: (await alerts.openFor(ctx.care)).map(alertToJson),
      }),
    }),
    route({
      method: 'get',
      path: '/api/patients/:patientId/safety-alerts',
      tag: 'screening',
      summary:
        "The patient's safety alerts, acknowledged ones with who, when and what was done.",
      access: { roles: CARE_TEAM },
      responses: {
        200: { description: 'Alerts', schema: safetyAlertListSchema },
      },
      handler: async (ctx) => ({
        alerts: (await alerts.forPatient(ctx.care, ctx.params.patientId!)).map(
          alertToJson,
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/api/safety-alerts/:alertId/acknowledgement',
      tag: 'screening',
      summary:
        'Acknowledge a safety alert with the action taken (safety plan, same-day visit, ED referral, ...). Audited; never deletable; a second acknowledgement is a 409.',
      access: { roles: CARE_TEAM },
      body: acknowledgementSchema,
      responses: {
        200: { description: 'Acknowledged', schema: safetyAlertSchema },
      },
      handler: async (ctx) =>
        alertToJson(
          await alerts.acknowledge(ctx.care, ctx.params.alertId!, ctx.body),
        ),
    }),
    route({
      method: 'post',
      path: '/api/safety-alerts/:alertId/consult',
      tag: 'screening',
      summary:
        "One click from the alert: an urgent consult request for the patient with the assessment attached (the PCP's practice); acknowledges the alert as consult_requested. Repeating returns the same consult.",
      access: { roles: ['pcp'] },
      responses: {
        201: {
          description: 'Requested',
          schema: z.object({ consultId: z.uuid(), status: z.string() }),
        },
      },
      handler: async (ctx) => {
        const { consult, created } = await urgentConsultFromAlert(
          deps,
          ctx.care,
          ctx.params.alertId!,
        );
        const out = { consultId: consult.id, status: consult.status };
        return created ? Reply.created(out) : out;
      },
    }),
    route({
      method: 'get',
      path: '/api/screening/settings',
      tag: 'screening',
      summary:
        "The program's screening settings: minutes before an unacknowledged safety alert escalates.",
      access: { roles: ['admin', 'coordinator'] },
      responses: {
        200: { description: 'Settings', schema: screeningSettingsSchema },
      },
      handler: async (ctx) => ({
        escalationMinutes:
          (await escalationSeconds(deps.db, ctx.user.programId)) / 60,
      }),
    }),
    route({
      method: 'put',
      path: '/api/screening/settings',
      tag: 'screening',
      summary:
        "Set the program's escalation time for safety alerts (default 15 minutes); applies to alerts opened afterwards.",
      access: { roles: ['admin'] },
      body: screeningSettingsSchema.strict(),
      responses: {
        200: { description: 'Saved', schema: screeningSettingsSchema },
      },
      handler: async (ctx) => {
        const seconds = Math.max(
          5,
          Math.round(ctx.body.escalationMinutes * 60),
        );
        await saveEscalationSeconds(
          deps.db,
          ctx.user.programId,
          seconds,
          ctx.user.userId,
          deps.clock.now(),
        );
        await ctx.audit({
          action: 'screening.settings.update',
          resourceType: 'screening_settings',
          details: { escalationSeconds: seconds },
        });
        return { escalationMinutes: seconds / 60 };
      },
    }),
  ];
}
