import type { AuditLog } from './audit/audit-log';
import { auditRoutes } from './audit/audit-routes';
import type { AuthService } from './auth/auth-service';
import { authRoutes } from './auth/auth-routes';
import { billingRoutes } from './billing/billing-routes';
import { ledgerRoutes } from './billing/ledger-routes';
import { patientBillingFactsRoutes } from './billing/patient-billing-facts-routes';
import { callRoutes } from './calls/call-routes';
import type { CallService } from './calls/call-service';
import type { Clock } from './clock';
import type { Config } from './config';
import { consentRoutes } from './consent/consent-routes';
import { consultRoutes } from './consults/consult-routes';
import type { ConsultService } from './consults/consult-service';
import type { Database } from './db/database';
import type { AttachmentStore } from './econsults/attachment-store';
import type { EconsultService } from './econsults/econsult-service';
import { econsultRoutes } from './econsults/econsult-routes';
import { econsultOverdueRoutes } from './econsults/overdue-routes';
import type { ThreadService } from './econsults/thread-service';
import type { BhFiguresService } from './episodes/bh-figures-service';
import { bhFiguresRoutes } from './episodes/bh-figures-routes';
import type { EpisodeClosing } from './episodes/episode-closing';
import type { EpisodeReports } from './episodes/episode-reports';
import { episodeRoutes } from './episodes/episode-routes';
import type { EpisodeService } from './episodes/episode-service';
import type { EpisodeSessions } from './episodes/episode-sessions';
import type { HandoffService } from './handoffs/handoff-service';
import { handoffRoutes } from './handoffs/handoff-routes';
import type { RouteDefinition } from './http/route';
import { kpiRoutes } from './kpis/kpi-routes';
import type { KpiService } from './kpis/kpi-service';
import type { LiveChannel } from './live/live-channel';
import type { Logger } from './logger';
import { livekitWebhookRoutes } from './media/livekit/livekit-webhook-routes';
import type { MediaBackend } from './media/media-backend';
import type { IceConfigProvider } from './media/turn-credentials';
import type { Metrics } from './metrics/metrics';
import { metricsRoutes } from './metrics/metrics-routes';
import { patientRoutes } from './patients/patient-routes';
import { adminRoutes } from './program-ops/admin-routes';
import { hoursRoutes } from './program-ops/hours-routes';
import { outcomeRoutes } from './program-ops/outcome-routes';
import type { ProgramHoursService } from './program-ops/program-hours-service';
import { rosterRoutes } from './program-ops/roster-routes';
import { trainingRoutes } from './program-ops/training-routes';
import { programRoutes } from './programs/program-routes';
import type { ProgramSettingsService } from './programs/program-settings-service';
import type { Queue } from './queue/create-queue';
import { queueRoutes } from './queue/queue-routes';
import { reportRoutes } from './reports/report-routes';
import { assessmentRoutes } from './screening/assessment-routes';
import type { AssessmentService } from './screening/assessment-service';
import { safetyAlertRoutes } from './screening/safety-alert-routes';
import type { SafetyAlertService } from './screening/safety-alert-service';
import { selfReportRoutes } from './screening/self-report-routes';
import type { SelfReportService } from './screening/self-report-service';
import type { DbVisitTokenVerifier } from './visits/visit-token-verifier';
import { visitsRoutes } from './visits/visits-module';
import type { VisitsModule } from './visits/visits-module-types';

/** The services compose() built that some route module is handed. */
export interface RouteServices {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  selfUrl?: () => string | undefined;
  audit: AuditLog;
  auth: AuthService;
  live: LiveChannel;
  ice: IceConfigProvider;
  media: MediaBackend;
  programs: ProgramSettingsService;
  queue: Queue;
  consults: ConsultService;
  hours: ProgramHoursService;
  econsults: EconsultService;
  thread: ThreadService;
  attachments: AttachmentStore;
  calls: CallService;
  visits: VisitsModule;
  visitTokens: DbVisitTokenVerifier;
  kpis: KpiService;
  handoffs: HandoffService;
  alerts: SafetyAlertService;
  episodes: EpisodeService;
  episodeSessions: EpisodeSessions;
  episodeReports: EpisodeReports;
  episodeClosing: EpisodeClosing;
  figures: BhFiguresService;
  assessments: AssessmentService;
  selfReport: SelfReportService;
  /** The collaborative-care registry's routes (built with its module). */
  registryRoutes: RouteDefinition[];
}

/**
 * Every HTTP route of the server, each module handed only the services it
 * uses. The order is the mounting order.
 */
export function composeRoutes(s: RouteServices): RouteDefinition[] {
  const { config, db, logger, clock, audit, live, consults } = s;
  const settings = s.programs;
  return [
    ...authRoutes({ auth: s.auth, db, live }),
    ...patientRoutes({ db, audit, clock }),
    ...auditRoutes(),
    ...livekitWebhookRoutes({ config, db, clock, logger, media: s.media }),
    ...visitsRoutes({
      db,
      clock,
      audit,
      live,
      visits: s.visits,
      visitTokens: s.visitTokens,
    }),
    ...callRoutes({ calls: s.calls, db, ice: s.ice }),
    ...consultRoutes({
      consults,
      queueStatus: s.queue.status,
      hours: s.hours,
      clock,
    }),
    ...hoursRoutes({ db, clock, hours: s.hours }),
    ...trainingRoutes({ db, clock }),
    ...econsultRoutes({
      consults,
      econsults: s.econsults,
      thread: s.thread,
      attachments: s.attachments,
    }),
    ...econsultOverdueRoutes({ db, clock, settings }),
    ...queueRoutes({ db, clock, settings, store: s.queue.store }),
    ...programRoutes({ programs: s.programs }),
    ...reportRoutes({ db, clock, audit, live, logger, consults }),
    ...outcomeRoutes({ db, clock, audit }),
    ...kpiRoutes({ kpis: s.kpis, clock }),
    ...adminRoutes({ config, selfUrl: s.selfUrl, db, clock, live }),
    ...rosterRoutes({ db, clock }),
    ...consentRoutes({ db, clock, audit, logger }),
    ...ledgerRoutes({ db, clock, audit, logger }),
    ...patientBillingFactsRoutes({ db, clock, audit, logger }),
    ...billingRoutes({ db, clock, audit, logger }),
    ...handoffRoutes({ handoffs: s.handoffs, alerts: s.alerts }),
    ...episodeRoutes({
      episodes: s.episodes,
      sessions: s.episodeSessions,
      reports: s.episodeReports,
      closing: s.episodeClosing,
    }),
    ...bhFiguresRoutes({ figures: s.figures }),
    ...metricsRoutes({ config, metrics: s.metrics }),
    ...s.registryRoutes,
    ...assessmentRoutes({ assessments: s.assessments }),
    ...safetyAlertRoutes({ alerts: s.alerts, consults, db, clock }),
    ...selfReportRoutes({ selfReport: s.selfReport }),
  ];
}
