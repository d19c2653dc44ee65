/**
 * Assembles the plain-Node core: the store, the services, the call registry and the event bus.
 * The Electron shell and the HTTP dev transport both run exactly this.
 */
import path from 'node:path';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import { updatesUnavailable, type Notifier, type SecretStore, type SettingsStore, type UpdatesPort } from '../foundation/ports';
import { EventBus, type EventListener } from '../foundation/event-bus';
import { openDatabase } from '../db/open-database';
import type { AppDb } from '../db/database';
import { ClinicSettingsService } from '../services/clinic-settings';
import { Sessions } from '../services/sessions';
import { AuthService } from '../services/auth-service';
import { PasswordHasher, type ScryptParams } from '../services/passwords';
import { SignInThrottle } from '../services/sign-in-throttle';
import type { EventName } from '../../shared/contract';
import { PatientsService } from '../services/patients-service';
import { AppointmentsService } from '../services/appointments-service';
import { createCallRegistry, type CallRegistry } from '../ipc/registry';
import type { Handlers } from '../ipc/handler-types';
import { authHandlers } from '../ipc/handlers/auth-handlers';
import { patientHandlers } from '../ipc/handlers/patient-handlers';
import { appointmentHandlers } from '../ipc/handlers/appointment-handlers';
import { settingsHandlers } from '../ipc/handlers/settings-handlers';
import { InboxService } from '../services/inbox-service';
import { inboxHandlers } from '../ipc/handlers/inbox-handlers';
import { remindersHandlers } from '../ipc/handlers/reminders-handlers';
import { ReminderRulesService } from '../reminders/reminder-rules-service';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import { BroadcastsService } from '../broadcasts/broadcasts-service';
import { broadcastsHandlers } from '../ipc/handlers/broadcasts-handlers';
import { schedulerHandlers } from '../ipc/handlers/scheduler-handlers';
import { createEngine } from '../engine/create-engine';
import { HeldMessagesService } from '../services/held-messages-service';
import type { Engine } from '../engine';
import type { EngineInternals } from '../engine/create-engine';
import { engineHandlers } from '../ipc/handlers/engine-handlers';
import { ImportService } from '../import/import-service';
import { WatchedFolder } from '../import/watched-folder';
import { ExportService } from '../export/export-service';
import { importHandlers } from '../ipc/handlers/import-handlers';
import { TemplatesService } from '../services/templates/templates-service';
import { templateHandlers } from '../ipc/handlers/template-handlers';
import { ConsentService } from '../services/consent-service';
import { consentHandlers } from '../ipc/handlers/consent-handlers';
import { DashboardService } from '../services/dashboard-service';
import { dashboardHandlers } from '../ipc/handlers/dashboard-handlers';
import { updateHandlers } from '../ipc/handlers/update-handlers';
import { composeHandlers } from '../ipc/handlers/compose-handlers';
import { trainingPhoneHandlers } from '../ipc/handlers/training-phone-handlers';
import { seedStarterQuickReplies } from '../services/templates/starter-quick-replies';

export interface CoreOptions {
  /** Folder for frontdesk.sqlite and its backups. */
  dataDir: string;
  migrationsFolder: string;
  clock: Clock;
  logger: Logger;
  secrets: SecretStore;
  settings: SettingsStore;
  notifier: Notifier;
  /** Origins whose main frame may call the core (app://frontdesk, or the dev server's origin). */
  allowedOrigins: string[];
  /** scrypt cost for new password hashes; the production default unless a test needs speed. */
  passwordParams?: ScryptParams;
  /** App updates; the shell passes electron-updater's, everything else has none. */
  updates?: UpdatesPort;
}

export interface CoreServices {
  clinic: ClinicSettingsService;
  sessions: Sessions;
  auth: AuthService;
  patients: PatientsService;
  appointments: AppointmentsService;
  inbox: InboxService;
  /** The delivery engine: queue(), cancelQueuedFor(), onInbound(), receiveInbound(), status(). */
  engine: Engine & EngineInternals;
  imports: ImportService;
  watchedFolder: WatchedFolder;
  exports: ExportService;
  reminderRules: ReminderRulesService;
  broadcasts: BroadcastsService;
  /** Background jobs, the inbound keyword hook and appointment-change messaging. */
  scheduler: Scheduler;
}

export interface Core {
  db: AppDb;
  dbFile: string;
  services: CoreServices;
  registry: CallRegistry;
  events: EventBus;
  subscribe(listener: EventListener): () => void;
  /** Whether a push event may go to that connection now (patient data stops while it is locked). */
  eventAllowed(sessionKey: string, name: EventName): boolean;
  /** Starts background work (later: scheduler jobs, dispatcher). */
  start(): void;
  close(): Promise<void>;
}

export const DB_FILE_NAME = 'frontdesk.sqlite';
const LOCK_SWEEP_MS = 5_000;

export function createCore(options: CoreOptions): Core {
  const { clock, logger } = options;
  const dbFile = path.join(options.dataDir, DB_FILE_NAME);
  const { db, sqlite } = openDatabase({ file: dbFile, migrationsFolder: options.migrationsFolder, clock, logger });

  const events = new EventBus();
  const clinic = new ClinicSettingsService(options.settings);
  const sessions = new Sessions(clock, () => clinic.get().idleLockMinutes, () => events.emit('auth.changed', { reason: 'locked' }));
  const throttle = new SignInThrottle(db, clock, () => clinic.get().timeZone);
  const passwords = new PasswordHasher(options.passwordParams);
  const auth = new AuthService(db, clock, sessions, events, () => clinic.get().idleLockMinutes, passwords, throttle);
  const patients = new PatientsService(db, clock, events, () => clinic.get().defaultCountry);
  const appointments = new AppointmentsService(db, clock, events, logger, () => clinic.get().timeZone);
  const inbox = new InboxService(db, clock, events, options.notifier);
  const reminderRules = new ReminderRulesService(db, clock);
  reminderRules.seedDefaults();
  seedStarterQuickReplies(db, clock);
  const engine = createEngine({
    db,
    clock,
    logger,
    events,
    settings: options.settings,
    secrets: options.secrets,
    clinic: () => clinic.get(),
  });

  let closed = false;
  let lockSweep: NodeJS.Timeout | undefined;
  const scheduler = createScheduler({
    db,
    sqlite,
    clock,
    logger,
    events,
    notifier: options.notifier,
    settings: options.settings,
    secrets: options.secrets,
    engine,
    appointments,
    clinic: () => clinic.get(),
    dataDir: options.dataDir,
  });
  const broadcasts = new BroadcastsService(
    db,
    clock,
    events,
    () => clinic.get().timeZone,
    () => engine,
    () => {
      if (!closed) void scheduler.runner.runNow('broadcasts.send');
    },
    () => clinic.get(),
    logger,
    (channel) => (channel === 'email' ? engine.providerSettings.get().emailProvider : engine.providerSettings.get().smsProvider),
  );

  const imports = new ImportService(db, clock, events, logger, appointments, clinic);
  const watchedFolder = new WatchedFolder(db, clock, events, logger, options.settings, imports);
  const exports = new ExportService(db, clock, () => clinic.get().timeZone);

  const handlers: Handlers = {
    ...authHandlers(auth, sessions),
    ...patientHandlers(patients),
    ...appointmentHandlers(appointments),
    ...settingsHandlers(db, clinic),
    ...inboxHandlers(inbox, new HeldMessagesService(db, clock, () => engine)),
    ...remindersHandlers(reminderRules),
    ...broadcastsHandlers(broadcasts),
    ...schedulerHandlers(scheduler, options.settings, options.secrets),
    ...engineHandlers(db, engine, () => clinic.get()),
    ...importHandlers(imports, watchedFolder, exports),
    ...templateHandlers(new TemplatesService(db, clock, () => clinic.get())),
    ...consentHandlers(new ConsentService(db, clock, events, engine)),
    ...dashboardHandlers(new DashboardService(db, () => clinic.get().timeZone)),
    ...updateHandlers(options.updates ?? updatesUnavailable),
    ...composeHandlers(db, clock, () => clinic.get()),
    ...trainingPhoneHandlers(db, () => clinic.get()),
  };
  const registry = createCallRegistry({ db, clock, logger, sessions, handlers, allowedOrigins: options.allowedOrigins });

  return {
    db,
    dbFile,
    services: { clinic, sessions, auth, patients, appointments, inbox, engine, imports, watchedFolder, exports, reminderRules, broadcasts, scheduler },
    registry,
    events,
    subscribe: (listener) => events.subscribe(listener),
    eventAllowed: (sessionKey, name) => sessions.mayReceive(sessionKey, name),
    start: () => {
      // Locks idle sessions even when no call arrives, so the lock is pushed to the window.
      lockSweep = setInterval(() => sessions.sweep(), LOCK_SWEEP_MS);
      lockSweep.unref();
      engine.start().catch((error: unknown) => logger.error('engine failed to start', { error }));
      watchedFolder.start();
      scheduler.start();
      logger.info('core started', { dbFile });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(lockSweep);
      watchedFolder.stop();
      await watchedFolder.idle();
      await scheduler.stop();
      await engine.stop();
      broadcasts.close();
      sqlite.close();
      logger.info('core closed');
    },
  };
}
