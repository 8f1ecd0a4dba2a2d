import { AuditLog } from './audit/audit-log';
import { AuthService } from './auth/auth-service';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { BufferedLiveChannel } from './live/live-channel';
import type { Logger } from './logger';
import type { MediaBackend } from './media/media-backend';
import { P2pMediaBackend } from './media/p2p-backend';
import {
  createIceConfigProvider,
  type IceConfigProvider,
} from './media/turn-credentials';
import type { CallAdmission } from './calls/call-admission';
import { CallService } from './calls/call-service';
import type { VisitTokenVerifier } from '../signaling/socket-identity';
import { installVisits, type VisitsModule } from './visits/visits-module';
import { installBilling } from './billing/billing-module';
import { ConsultLifecycle } from './consults/consult-lifecycle';
import { ConsultService } from './consults/consult-service';
import { ProgramSettingsService } from './programs/program-settings-service';
import { QueueEngine } from './queue/queue-engine';

/**
 * Everything a route or socket handler may use, built once at start-up.
 * Feature modules add their service here; nothing reaches for globals.
 */
export interface AppServices {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  audit: AuditLog;
  auth: AuthService;
  live: BufferedLiveChannel;
  /**
   * The call's media layer, chosen by MEDIA_BACKEND (server/media/create-media-backend.ts)
   * and started in startServer before the server listens.
   */
  media?: MediaBackend;
  /** Verifies patient/guardian/interpreter visit tokens for sockets (visits module). */
  visitTokens?: VisitTokenVerifier;
  /** Patient virtual visits, waiting room, consent and their phone side (server/visits, server/telephony). */
  visits?: VisitsModule;
  /** STUN/TURN servers with time-limited credentials for a call participant (coturn REST scheme or Twilio). */
  ice: IceConfigProvider;
  /** Call rooms, participants, reconnection grace and the call-event ledger (server/calls). */
  calls: CallService;
  /** Whether a visitor may join a call: registered by the visits module (waiting room). */
  callAdmission?: CallAdmission;
  /** Program settings (queue: target, offer timeout, escalation, triage), cached briefly. */
  programs: ProgramSettingsService;
  /** The live consult queue: routing, offers, presence, escalation (server/queue). Started by startServer. */
  queue: QueueEngine;
  /** Consults: create, read with access check, triage, markInCall/markWrapUp/complete, onTransition (server/consults). */
  consults: ConsultService;
  /** This server's own address once it listens (invite links in development without PUBLIC_URL). */
  listeningUrl?: string;
  /** Closed in reverse order on shutdown. */
  closers: (() => Promise<void>)[];
}

export function createServices(base: {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
}): AppServices {
  const audit = new AuditLog(base.db, base.logger);
  const auth = new AuthService(base.db, audit, base.clock, base.config);
  const live = new BufferedLiveChannel();
  const ice = createIceConfigProvider(base.config, base.clock);
  // p2p until the media module sets services.media (MEDIA_BACKEND); the call service looks it up on use.
  const p2p = new P2pMediaBackend(ice);
  const services = {
    ...base,
    audit,
    auth,
    live,
    ice,
    closers: [],
  } as unknown as AppServices;
  services.programs = new ProgramSettingsService(base.db);
  const lifecycle = new ConsultLifecycle(base.db, base.logger);
  services.queue = new QueueEngine({
    ...base,
    live,
    lifecycle,
    settings: services.programs,
  });
  services.consults = new ConsultService({
    db: base.db,
    clock: base.clock,
    audit,
    live,
    lifecycle,
    queue: services.queue,
    settings: services.programs,
  });
  services.closers.push(() => services.queue.stop());
  services.calls = new CallService({
    db: base.db,
    clock: base.clock,
    logger: base.logger,
    live,
    audit,
    media: () => services.media ?? p2p,
    admission: () => services.callAdmission,
    consults: () => services.consults,
    graceMs: base.config.CALL_RECONNECT_GRACE_SECONDS * 1000,
  });
  services.closers.push(() => services.calls.stop());
  services.visits = installVisits(services);
  installBilling(services);
  return services;
}
