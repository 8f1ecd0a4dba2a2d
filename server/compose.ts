import { econsultKpiSection } from './econsults/econsult-kpi-figures';
import { AuditLog } from './audit/audit-log';
import { AuthService } from './auth/auth-service';
import { installBilling } from './billing/billing-module';
import { LedgerService } from './billing/ledger-service';
import { CallService } from './calls/call-service';
import type { Clock } from './clock';
import type { Config } from './config';
import { ConsultLifecycle } from './consults/consult-lifecycle';
import { ConsultMoves } from './consults/consult-moves';
import { ConsultService } from './consults/consult-service';
import { EconsultService } from './econsults/econsult-service';
import { EconsultSweeper } from './econsults/econsult-sweeper';
import { ThreadService } from './econsults/thread-service';
import { AttachmentStore } from './econsults/attachment-store';
import { createTelephony } from './telephony/telephony';
import type { Database } from './db/database';
import { watchConsults } from './metrics/consult-metrics';
import type { Metrics } from './metrics/metrics';
import { storeSources } from './metrics/metric-sources';
import { BufferedLiveChannel } from './live/live-channel';
import type { Logger } from './logger';
import { createMediaBackend } from './media/create-media-backend';
import type { MediaBackend } from './media/media-backend';
import { isMediasoupBackend } from './media/mediasoup/mediasoup-backend';
import { createIceConfigProvider } from './media/turn-credentials';
import { bhKpiSections } from './kpis/bh-kpi-sources';
import { KpiService } from './kpis/kpi-service';
import { ProgramHoursService } from './program-ops/program-hours-service';
import { CallbackSweeper } from './program-ops/scheduled-callbacks';
import { ReminderSweeper } from './program-ops/reminder-sweeper';
import { ProgramSettingsService } from './programs/program-settings-service';
import { openQueueStore } from './queue/open-queue-store';
import { createQueue } from './queue/create-queue';
import { EpisodeService } from './episodes/episode-service';
import { EpisodeSessions } from './episodes/episode-sessions';
import { EpisodeReports } from './episodes/episode-reports';
import { EpisodeClosing } from './episodes/episode-closing';
import { BhFiguresService } from './episodes/bh-figures-service';
import { HandoffService } from './handoffs/handoff-service';
import { registryModule } from './registry/registry-module';
import { screeningOutcomes } from './registry/screening-outcomes';
import { AssessmentService } from './screening/assessment-service';
import { SafetyAlertService } from './screening/safety-alert-service';
import { SafetyAlertSweeper } from './screening/safety-alert-sweeper';
import { SelfReportService } from './screening/self-report-service';
import { WaitingRoomAdmission } from './visits/visit-call-admission';
import { DbVisitTokenVerifier } from './visits/visit-token-verifier';
import { createVisits } from './visits/visits-module';
import { composeRoutes } from './compose-routes';
import { type Closer, closeNewestFirst } from './close-newest-first';
import { callSocketModule } from '../signaling/call-module';
import { mediasoupSocketModule } from '../signaling/mediasoup-socket-module';
import { queueSocketModule } from '../signaling/queue-socket-module';
import type { SocketModule } from '../signaling/socket-module';
import { visitSocketModule } from '../signaling/visit-module';

/** What the process entry opens before anything else: settings, store, log, time. */
export interface Platform {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** This server's own address once it listens (invite links in development without PUBLIC_URL). */
  selfUrl?: () => string | undefined;
  /** This server's Prometheus metrics (server/metrics). */
  metrics: Metrics;
}

/**
 * The composition root: builds every service once, in dependency order, and
 * hands each one only what it uses. Nothing is filled in later; a consumer
 * that needs a service is built after it. Route and socket modules are built
 * here too, from the same explicit dependencies.
 *
 * The media backend is started here (it may fail with what is missing); the
 * queue, the call sweeper and the HTTP listener are started by main.ts.
 */
export async function compose(platform: Platform) {
  const closers: Closer[] = [];
  try {
    return await build(platform, closers);
  } catch (err) {
    // A step failed half-way: what the earlier steps opened (the queue
    // store's Redis connection, the media backend, listeners) is closed
    // here, since the caller never gets the closers to do it.
    await closeNewestFirst(closers, platform.logger);
    throw err;
  }
}

/** Builds the services; each one that holds something pushes its closer. */
async function build(platform: Platform, closers: Closer[]) {
  const { config, db, logger, clock, metrics } = platform;
  const audit = new AuditLog(db, logger);
  const auth = new AuthService(db, audit, clock, config);
  closers.push(async () => auth.close());
  const live = new BufferedLiveChannel();
  const ice = createIceConfigProvider(config, clock);
  // MEDIA_BACKEND: fails here, with what is missing, when it cannot run here.
  const media: MediaBackend = createMediaBackend(config, {
    logger,
    clock,
    ice,
  });
  // Closing a backend whose start failed half-way is safe.
  closers.push(() => media.close());
  await media.start();
  const programs = new ProgramSettingsService(db);
  // The only holder of the consult lifecycle: the queue and the consult
  // service ask it for moves by what happened.
  const moves = new ConsultMoves(new ConsultLifecycle(db, logger));
  const store = await openQueueStore({ config, db, logger });
  // Closing twice is harmless: queue.stop() closes it too, once it exists.
  closers.push(() => store.close());
  const queue = createQueue({
    db,
    clock,
    logger,
    live,
    config,
    consults: moves,
    settings: programs,
    store,
  });
  closers.push(() => queue.stop());
  const consults = new ConsultService({
    db,
    clock,
    audit,
    live,
    moves,
    queue: queue.line,
    settings: programs,
  });
  const episodes = new EpisodeService({
    db,
    clock,
    audit,
    settings: programs,
  });
  // Inside an episode: sessions (below, with the assessments their
  // screenings are stored as), the report to the PCP, closing and stepping
  // up to psychiatry.
  const episodeReports = new EpisodeReports({ db, clock, audit, live });
  const episodeClosing = new EpisodeClosing({ db, clock, audit, consults });
  // Started by main.ts with the queue: it sweeps for handoffs past target.
  const handoffs = new HandoffService({
    db,
    clock,
    live,
    logger,
    settings: programs,
    consults,
    episodes,
    sweepMs: config.QUEUE_SWEEP_MS,
  });
  closers.push(() => handoffs.stop());
  const econsults = new EconsultService({ db, clock, moves, live });
  // One Twilio client for the process (null where it is not configured).
  const telephony = createTelephony(config);
  const sms = telephony?.sms ?? null;
  const thread = new ThreadService({
    db,
    clock,
    logger,
    live,
    moves,
    text: sms ? (to, body) => sms.send(to, body) : null,
  });
  // Started by main.ts with the other sweepers; its state is in the rows.
  const econsultSweeper = new EconsultSweeper({
    db,
    clock,
    logger,
    live,
    moves,
    intervalMs: config.QUEUE_SWEEP_MS,
  });
  closers.push(() => econsultSweeper.stop());
  // Visitors join a call only once the waiting room admitted them.
  const admission = new WaitingRoomAdmission(db);
  const calls = new CallService({
    db,
    clock,
    logger,
    live,
    audit,
    media,
    admission,
    consults,
    graceMs: config.CALL_RECONNECT_GRACE_SECONDS * 1000,
  });
  closers.push(() => calls.stop());
  const visits = createVisits({
    config,
    telephony,
    selfUrl: platform.selfUrl,
    db,
    clock,
    audit,
    live,
    logger,
    calls,
  });
  const visitTokens = new DbVisitTokenVerifier(db, clock);
  const alerts = new SafetyAlertService({ db, clock, logger, live, audit });
  const assessments = new AssessmentService({ db, clock, logger, alerts });
  // Sessions with their ledger time and their screenings as assessments.
  const episodeSessions = new EpisodeSessions({
    db,
    clock,
    audit,
    ledger: new LedgerService({ db, audit, clock, logger }),
    assessments,
  });
  // Due escalations live in PostgreSQL: any instance sweeps, one acts.
  const alertSweeper = new SafetyAlertSweeper({
    alerts,
    logger,
    sweepMs: config.SAFETY_ALERT_SWEEP_MS,
  });
  closers.push(() => alertSweeper.stop());
  const selfReport = new SelfReportService({
    db,
    clock,
    audit,
    config,
    selfUrl: platform.selfUrl,
    sms,
    assessments,
  });
  installBilling({ db, clock, logger, consults, calls, metrics });
  // Collaborative care; a video contact's ended call becomes its contact.
  const registry = registryModule({
    db,
    clock,
    audit,
    logger,
    outcomes: screeningOutcomes(db),
    config,
    selfUrl: platform.selfUrl,
    calls,
    consults,
  });
  closers.push(() => registry.stop());
  watchConsults(moves, metrics);
  metrics.provide(storeSources({ db, store: queue.store }));

  const hours = new ProgramHoursService(db);
  // Callbacks left while closed are filed at the opening (started by main.ts).
  const callbacks = new CallbackSweeper({
    db,
    clock,
    logger,
    consults,
    intervalMs: Math.max(config.QUEUE_SWEEP_MS, 1000),
  });
  closers.push(() => callbacks.stop());
  // Visit reminders by text, 24 h and 1 h before (started by main.ts).
  const reminders = new ReminderSweeper({
    db,
    clock,
    logger,
    sms,
    intervalMs: 60_000,
  });
  closers.push(() => reminders.stop());
  // Warm handoffs, engagement, screening rate and symptom change; eConsults.
  const kpis = new KpiService({
    db,
    settings: programs,
    sections: [...bhKpiSections(db), econsultKpiSection(db)],
  });

  // What the routes and the composition's callers both get.
  const core = {
    ...platform,
    audit,
    auth,
    live,
    ice,
    media,
    programs,
    queue,
    consults,
  };
  const routes = composeRoutes({
    ...core,
    hours,
    econsults,
    thread,
    attachments: new AttachmentStore({ db, audit, clock }),
    calls,
    visits,
    visitTokens,
    kpis,
    handoffs,
    alerts,
    episodes,
    episodeSessions,
    episodeReports,
    episodeClosing,
    figures: new BhFiguresService({ db, audit }),
    assessments,
    selfReport,
    registryRoutes: registry.routes,
  });
  const socketModules: SocketModule[] = [
    callSocketModule({ calls, logger, metrics }),
    queueSocketModule({ queue, db, clock, settings: programs, logger }),
    visitSocketModule({ visits, config, logger }),
    // Only when MEDIA_BACKEND=mediasoup: its signaling drives the in-process SFU.
    ...(isMediasoupBackend(media)
      ? [mediasoupSocketModule({ live, logger }, media)]
      : []),
  ];
  return {
    ...core,
    episodes,
    handoffs,
    econsultSweeper,
    calls,
    visits,
    visitTokens,
    callbacks,
    reminders,
    assessments,
    alerts,
    alertSweeper,
    registry,
    routes,
    socketModules,
    /** Closed in reverse order on shutdown. */
    closers,
  };
}

/** The built server: every service, its routes and socket modules. */
export type Composition = Awaited<ReturnType<typeof compose>>;
