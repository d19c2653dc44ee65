/**
 * Helpers for engine tests and benchmarks: a temp database with the production migrations, an
 * engine on a fake clock, and patients with contact points, consent and preferences.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FakeClock, type Clock } from '../foundation/clock';
import { EventBus } from '../foundation/event-bus';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import { memoryLogger, type Logger } from '../foundation/logger';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { defaultClinicSettings, type Channel, type ClinicSettings } from '../../shared/domain';
import type { AppDb } from '../db/database';
import type { Provider, ProviderName } from '../providers/provider-types';
import { createEngine } from './create-engine';
import type { DispatcherOptions, FaultStage } from './dispatcher-config';

export interface EngineFixture {
  temp: TempDatabase;
  db: AppDb;
  clock: Clock;
  engine: ReturnType<typeof createEngine>;
  events: Array<{ name: string; payload: unknown }>;
  clinic: ClinicSettings;
  dispose(): Promise<void>;
}

export function makeEngineFixture(options: {
  clock?: Clock;
  clinic?: Partial<ClinicSettings>;
  providers?: Partial<Record<ProviderName, Provider>>;
  routes?: Partial<Record<Channel, ProviderName>>;
  dispatcher?: Partial<DispatcherOptions>;
  random?: () => number;
  logger?: Logger;
  dir?: string;
  onEvent?: (name: string, payload: unknown) => void;
  faultHook?: (stage: FaultStage, deliveryId: number) => void;
} = {}): EngineFixture {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 15, 15, 0, 0));
  const temp = openTempDatabase({ clock, dir: options.dir });
  const bus = new EventBus();
  const events: EngineFixture['events'] = [];
  const onEvent = options.onEvent;
  bus.subscribe(onEvent ? (name, payload) => onEvent(name, payload) : (name, payload) => events.push({ name, payload }));
  const clinic: ClinicSettings = { ...defaultClinicSettings, ...(options.clinic ?? {}) };
  const engine = createEngine({
    db: temp.db,
    clock,
    logger: options.logger ?? memoryLogger('warn'),
    events: bus,
    settings: new JsonFileSettingsStore(path.join(temp.dir, 'settings.json')),
    secrets: new FileSecretStore(path.join(temp.dir, 'secrets.json')),
    clinic: () => clinic,
    providers: options.providers,
    routes: options.routes,
    dispatcher: { pollIntervalMs: 1_000, ...(options.dispatcher ?? {}) },
    random: options.random,
    faultHook: options.faultHook,
  });
  return {
    temp,
    db: temp.db,
    clock,
    engine,
    events,
    clinic,
    dispose: async () => {
      await engine.stop();
      temp.dispose();
    },
  };
}

export interface PatientSpec {
  firstName?: string;
  timeZone?: string | null;
  phone?: string | null;
  email?: string | null;
  channelOrder?: Channel[];
  quietOverride?: { start: string; end: string } | { none: true } | null;
  archived?: boolean;
}

export function addPatient(db: AppDb, spec: PatientSpec, now = 0): number {
  const c = db.$client;
  const info = c
    .prepare(
      `insert into patients (first_name, last_name, language, time_zone, tags, archived, created_at, updated_at) values (?, 'Test', 'en', ?, '[]', ?, ?, ?)`,
    )
    .run(spec.firstName ?? 'Pat', spec.timeZone ?? null, spec.archived ? 1 : 0, now, now);
  const id = Number(info.lastInsertRowid);
  const cp = c.prepare(
    `insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, ?, ?, 'mobile', 'ok', 1, ?, ?)`,
  );
  if (spec.phone) cp.run(id, 'phone', spec.phone, now, now);
  if (spec.email) cp.run(id, 'email', spec.email, now, now);
  if (spec.channelOrder || spec.quietOverride !== undefined) {
    c.prepare(`insert into preferences (patient_id, channel_order, quiet_hours_override, updated_at) values (?, ?, ?, ?)`).run(
      id,
      JSON.stringify(spec.channelOrder ?? ['sms', 'email']),
      spec.quietOverride === undefined || spec.quietOverride === null ? null : JSON.stringify(spec.quietOverride),
      now,
    );
  }
  return id;
}

export function addConsent(
  db: AppDb,
  patientId: number,
  channel: Channel,
  purpose: 'transactional' | 'marketing',
  status: 'opted_in' | 'opted_out',
  now = 0,
): void {
  db.$client
    .prepare(`insert into consent_events (patient_id, channel, purpose, status, source, created_at) values (?, ?, ?, ?, 'staff', ?)`)
    .run(patientId, channel, purpose, status, now);
}

export function addSuppressionRow(db: AppDb, channel: Channel, address: string, now = 0): void {
  db.$client.prepare(`insert into suppressions (channel, address, reason, created_at) values (?, ?, 'staff', ?)`).run(channel, address, now);
}

export interface DeliveryRecord {
  id: number;
  message_id: number;
  channel: Channel;
  address: string;
  state: string;
  reason_code: string | null;
  attempt_count: number;
  provider_id: string | null;
  fallback_of_delivery_id: number | null;
  sent_at: number | null;
  attempt_started_at: number | null;
  next_attempt_at: number | null;
  error_code: string | null;
}

export function allDeliveries(db: AppDb): DeliveryRecord[] {
  return db.$client.prepare('select * from deliveries order by id').all() as DeliveryRecord[];
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs dispatcher passes, moving the fake clock to the next due time, until nothing is open. */
export async function drain(
  fx: EngineFixture,
  options: { maxPasses?: number; stepMs?: number; onPass?: () => void | Promise<void> } = {},
): Promise<number> {
  const clock = fx.clock as FakeClock;
  const max = options.maxPasses ?? 500;
  for (let i = 0; i < max; i++) {
    await fx.engine.runOnce();
    if (options.onPass) await options.onPass();
    const open = fx.db.$client
      .prepare(`select count(*) n, min(next_attempt_at) t from deliveries where state in ('queued','held','sending') or (state = 'sent' and next_attempt_at is not null)`)
      .get() as { n: number; t: number | null };
    if (open.n === 0) return i + 1;
    const step = options.stepMs ?? 1_000;
    const next = open.t !== null && open.t > clock.now() ? Math.min(open.t, clock.now() + 60 * 60_000) : clock.now() + step;
    clock.set(next);
  }
  return max;
}
