/**
 * Everything the app does on its own while it runs, assembled: the jobs on the
 * JobRunner, the inbound keyword hook on the engine, and the appointment-change listener.
 *
 * Jobs (each an idempotent `(now) => …`; node-schedule only triggers them):
 * - reminders.plan      every minute, at start (catch-up), and woken at the next due time;
 *                       first cancels reminders still waiting (quiet hours) for a started appointment
 * - reminders.fallback  every minute: a failed/refused reminder goes out on the rule's next channel
 * - engine.wake         every 30 s: nudges the engine's dispatcher (it also wakes on every queue)
 * - inbound.twilio      every 20 s when Twilio is the SMS provider: inbound SMS/WhatsApp
 * - inbound.imap        every minute when a mailbox is configured: email replies and bounces
 * - broadcasts.send     every 15 s and at start: scheduled broadcasts inside their window
 * - retention           every 15 minutes: snoozed conversations wake; old content (if set) goes
 * - backup              hourly check, one online backup per local day, newest N kept
 * The engine polls delivery and call statuses itself (its dispatcher loop).
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { EventBus } from '../foundation/event-bus';
import type { Notifier, SecretStore, SettingsStore } from '../foundation/ports';
import type { Engine } from '../engine/engine-types';
import type { ProviderSettingsService } from '../providers/provider-settings';
import { SECRET_KEYS } from '../providers/provider-settings';
import type { AppointmentsService } from '../services/appointments-service';
import type { ClinicSettings } from '../../shared/domain';
import { JobRunner } from './job-runner';
import { runDailyBackup } from './backup-job';
import { runRetention } from './retention-job';
import { imapConfig, readSchedulerSettings } from './scheduler-settings';
import { expireStartedReminders, nextReminderDueAt, planReminders, type ClinicInfo } from '../reminders/reminder-planner';
import { planReminderFallbacks } from '../reminders/reminder-fallback';
import { createAppointmentSync } from '../reminders/appointment-sync';
import { ReplyHandler } from '../inbound/reply-handler';
import { createTwilioInboundPoller, type TwilioInboundConfig } from '../inbound/twilio-inbound-poller';
import { createImapPoller } from '../inbound/imap-poller';
import { createBroadcastSender } from '../broadcasts/broadcast-sender';
import { nextScheduledBroadcastAt } from '../broadcasts/broadcasts-repo';

export interface SchedulerDeps {
  db: AppDb;
  sqlite: Database.Database;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  notifier: Notifier;
  settings: SettingsStore;
  secrets: SecretStore;
  engine: Engine & { providerSettings?: ProviderSettingsService; dispatcher?: { wake(): void } };
  appointments: AppointmentsService;
  clinic: () => ClinicSettings;
  dataDir: string;
}

export type Scheduler = ReturnType<typeof createScheduler>;

export function createScheduler(deps: SchedulerDeps) {
  const { db, clock, engine } = deps;
  const logger = deps.logger.child({ component: 'scheduler' });
  const runner = new JobRunner(db, clock, logger);
  const settings = () => readSchedulerSettings(deps.settings);
  const clinicInfo = (): ClinicInfo => {
    const c = deps.clinic();
    return { name: c.clinicName, phone: c.clinicPhone, timeZone: c.timeZone };
  };
  const plannerDeps = { db, messaging: engine, clinic: clinicInfo, logger, noticeSkipHours: () => settings().noticeSkipHours };

  const replies = new ReplyHandler({
    db,
    clock,
    logger,
    events: deps.events,
    notifier: deps.notifier,
    messaging: engine,
    clinic: () => deps.clinic(),
    keywords: () => settings().keywords,
  });

  let replanPending = false;
  const replan = () => {
    if (replanPending) return;
    replanPending = true;
    setImmediate(() => {
      replanPending = false;
      if (deps.sqlite.open) void runner.runNow('reminders.plan');
    });
  };
  const appointmentSync = createAppointmentSync({
    db,
    messaging: engine,
    logger,
    clinic: clinicInfo,
    notices: () => settings().notices,
    replan,
    now: () => clock.now(),
  });

  const twilioConfig = (): TwilioInboundConfig | null => {
    const ps = engine.providerSettings;
    if (!ps) return null;
    const s = ps.get();
    const token = ps.secret(SECRET_KEYS.twilioAuthToken);
    if (s.smsProvider !== 'twilio' || !s.twilio.accountSid || !token) return null;
    return {
      accountSid: s.twilio.accountSid,
      authToken: token,
      smsNumber: s.twilio.smsFrom,
      whatsappNumber: s.twilio.whatsappFrom,
      ...(s.twilio.messagingServiceSid ? { messagingServiceSid: s.twilio.messagingServiceSid } : {}),
      ...(s.twilio.apiBaseUrl ? { apiBaseUrl: s.twilio.apiBaseUrl } : {}),
    };
  };
  const twilioInbound = createTwilioInboundPoller({ db, inbound: engine, logger, config: twilioConfig });
  const imapInbound = createImapPoller({
    db,
    inbound: engine,
    events: deps.events,
    notifier: deps.notifier,
    logger,
    config: () => imapConfig(deps.settings, deps.secrets),
  });
  const broadcasts = createBroadcastSender({ db, messaging: engine, events: deps.events, logger, clinicTimeZone: () => deps.clinic().timeZone, clinicRules: () => deps.clinic() });

  const wakeForNext = (now: number) => {
    const next = [nextReminderDueAt(db, now), nextScheduledBroadcastAt(db)].filter((t): t is number => t !== null && t > now);
    if (next.length > 0) runner.wakeAt('reminders.plan', Math.min(...next));
  };

  runner.add({
    name: 'reminders.plan',
    cron: '0 * * * * *',
    atStart: true,
    run: async (now) => {
      expireStartedReminders(plannerDeps, now);
      await planReminders(plannerDeps, now);
      wakeForNext(now);
    },
  });
  runner.add({ name: 'reminders.fallback', cron: '30 * * * * *', run: (now) => planReminderFallbacks(plannerDeps, now) });
  runner.add({ name: 'engine.wake', cron: '*/30 * * * * *', run: () => engine.dispatcher?.wake() });
  runner.add({ name: 'inbound.twilio', cron: '*/20 * * * * *', atStart: true, run: (now) => twilioInbound.poll(now) });
  runner.add({ name: 'inbound.imap', cron: '15 * * * * *', atStart: true, run: (now) => imapInbound.poll(now) });
  runner.add({ name: 'broadcasts.send', cron: '*/15 * * * * *', atStart: true, run: (now) => broadcasts.run(now) });
  runner.add({
    name: 'retention',
    cron: '0 */15 * * * *',
    atStart: true,
    run: (now) => runRetention(db, now, { messageRetentionDays: settings().messageRetentionDays }),
  });
  runner.add({
    name: 'backup',
    cron: '0 5 * * * *',
    atStart: true,
    run: (now) =>
      runDailyBackup(
        { sqlite: deps.sqlite, dir: path.join(deps.dataDir, 'backups', 'daily'), keep: settings().backupsKept, timeZone: deps.clinic().timeZone },
        now,
      ),
  });

  const unsubscribes: Array<() => void> = [
    // In the transaction that stores the message: a STOP is never stored without being acted on.
    engine.actOnInbound((message) => replies.act(message).after),
    deps.appointments.onChange((change) => appointmentSync.onChange(change)),
  ];

  return {
    runner,
    replies,
    appointmentSync,
    twilioInbound,
    imapInbound,
    broadcasts,
    /** Each job's function, for tests and for "run now" buttons. */
    planReminders: (now: number) => planReminders(plannerDeps, now),
    planFallbacks: (now: number) => planReminderFallbacks(plannerDeps, now),
    expireStarted: (now: number) => expireStartedReminders(plannerDeps, now),
    start(): void {
      runner.start();
    },
    async stop(): Promise<void> {
      for (const off of unsubscribes.splice(0)) off();
      await runner.stop();
    },
  };
}
