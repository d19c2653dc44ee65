/**
 * For the scheduler's tests: a real database file (production migrations), the real engine
 * (sandbox provider unless told otherwise), the real appointments service and the scheduler,
 * on a FakeClock. Jobs are driven by calling them; node-schedule is not started.
 */
import path from 'node:path';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import { EventBus } from '../foundation/event-bus';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import type { Notifier } from '../foundation/ports';
import { openDatabase } from '../db/open-database';
import { makeTempDir, MIGRATIONS_FOLDER } from '../db/test-db';
import { createEngine } from '../engine/create-engine';
import type { DispatcherOptions } from '../engine/dispatcher';
import { AppointmentsService } from '../services/appointments-service';
import { ClinicSettingsService } from '../services/clinic-settings';
import { ReminderRulesService } from '../reminders/reminder-rules-service';
import { insertPatient, replaceContactPoints } from '../repos/patients-repo';
import { createScheduler } from './scheduler';
import type { EventName } from '../../shared/contract';

export interface HarnessOptions {
  start: number;
  dir?: string;
  dispatcher?: Partial<DispatcherOptions>;
  clinic?: { timeZone?: string; clinicName?: string; clinicPhone?: string };
}

export function openHarness(options: HarnessOptions) {
  const dir = options.dir ?? makeTempDir('frontdesk-scheduler-');
  const clock = new FakeClock(options.start);
  return openOn(dir, clock, options);
}

function openOn(dir: string, clock: FakeClock, options: HarnessOptions) {
  const logger = memoryLogger('warn');
  const { db, sqlite } = openDatabase({ file: path.join(dir, 'frontdesk.sqlite'), migrationsFolder: MIGRATIONS_FOLDER, clock, logger });
  const settings = new JsonFileSettingsStore(path.join(dir, 'settings.json'));
  const secrets = new FileSecretStore(path.join(dir, 'secrets.json'));
  const clinic = new ClinicSettingsService(settings);
  if (options.clinic) clinic.update({ clinicName: 'Main Street Clinic', clinicPhone: '+12125550100', ...options.clinic });
  const events = new EventBus();
  const emitted: Array<{ name: EventName; payload: unknown }> = [];
  events.subscribe((name, payload) => emitted.push({ name, payload }));
  const notifications: Array<{ title: string; body: string }> = [];
  const notifier: Notifier = { notify: (title, body) => notifications.push({ title, body }), setUnreadCount: () => undefined };
  const engine = createEngine({
    db,
    clock,
    logger,
    events,
    settings,
    secrets,
    clinic: () => clinic.get(),
    random: () => 0.5,
    dispatcher: { idleWaitMs: 50, ...(options.dispatcher ?? {}) },
  });
  const appointments = new AppointmentsService(db, clock, events, logger, () => clinic.get().timeZone);
  const rules = new ReminderRulesService(db, clock);
  rules.seedDefaults();
  const scheduler = createScheduler({ db, sqlite, clock, logger, events, notifier, settings, secrets, engine, appointments, clinic: () => clinic.get(), dataDir: dir });

  let seq = 0;
  const harness = {
    dir,
    clock,
    db,
    sqlite: sqlite as Database.Database,
    logger,
    settings,
    secrets,
    clinic,
    events,
    emitted,
    notifications,
    engine,
    appointments,
    rules,
    scheduler,
    addPatient(p: { firstName: string; lastName?: string; phone?: string; email?: string; timeZone?: string | null; tags?: string[] }): number {
      const now = clock.now();
      seq += 1;
      const row = insertPatient(db, {
        firstName: p.firstName,
        lastName: p.lastName ?? `Test${seq}`,
        timeZone: p.timeZone ?? null,
        tags: p.tags ?? [],
        createdAt: now,
        updatedAt: now,
      });
      const contacts = [
        ...(p.phone ? [{ kind: 'phone' as const, value: p.phone, label: 'mobile', isPrimary: true }] : []),
        ...(p.email ? [{ kind: 'email' as const, value: p.email, label: 'email', isPrimary: true }] : []),
      ];
      replaceContactPoints(db, row.id, contacts, now);
      return row.id;
    },
    book(patientId: number, startsAt: number, clinician = 'Dr. Rivera'): number {
      return appointments.create({ patientId, clinician, startsAt, location: 'Room 2' }).id;
    },
    /** Lets setImmediate work (replanning after an appointment change, inbound hooks) finish. */
    async settle(): Promise<void> {
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    },
    /** Reminder messages as stored: what was queued, when and where. */
    reminderMessages() {
      return sqlite
        .prepare(
          `select m.id, m.reminder_rule_id as ruleId, m.appointment_id as appointmentId, m.channel, m.address, m.body, m.created_at as createdAt, m.dedupe_key as dedupeKey
           from messages m where m.origin = 'reminder' order by m.id`,
        )
        .all() as Array<{ id: number; ruleId: number; appointmentId: number; channel: string; address: string; body: string; createdAt: number; dedupeKey: string }>;
    },
    deliveriesOf(messageId: number) {
      return sqlite.prepare('select id, channel, address, state, reason_code as reasonCode, sent_at as sentAt from deliveries where message_id = ? order by id').all(messageId) as Array<{
        id: number;
        channel: string;
        address: string;
        state: string;
        reasonCode: string | null;
        sentAt: number | null;
      }>;
    },
    async close(): Promise<void> {
      await scheduler.stop();
      await engine.stop();
      if (sqlite.open) sqlite.close();
    },
    /** Closes and opens everything again on the same folder (an app restart). */
    async restart() {
      await harness.close();
      return openOn(dir, clock, { ...options, clinic: undefined });
    },
    async dispose(): Promise<void> {
      await harness.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export type Harness = ReturnType<typeof openHarness>;
