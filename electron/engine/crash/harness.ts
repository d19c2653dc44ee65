/**
 * Crash harness: a child process that runs the real engine (real SQLite file with synchronous=FULL,
 * the twilio SDK, nodemailer) against the local peers, so a test or benchmark can SIGKILL it at a
 * chosen moment and start it again on the same folder.
 *
 *   node --import tsx electron/engine/crash/harness.ts --dir D --twilio URL --sid AC… --token T
 *        --smtp-port P --generation G --size N [--kill-stage S --kill-at K] [--holds]
 *
 * First run of a generation: queues N messages with stable dedupe keys (a restart never queues
 * twice) over a mix of traffic: single SMS, families sharing a phone with identical bodies,
 * WhatsApp (inside the 24 h window), voice calls, SMS numbers that opt out at Twilio (21610, so
 * they fall back to email), and with --holds some SMS held for quiet hours for about a minute.
 * Every body carries `[ref:G-patient]`. Then it starts the engine (which checks rows left in
 * `sending` with the provider before sending anything) and exits 0 with `DONE <json>` once every
 * delivery is final.
 *
 * --kill-stage before_post|after_answer|reconcile|poll with --kill-at K: the process SIGKILLs
 * itself at the K-th time the engine reaches that stage (just before a provider call, inside the
 * commit of an answer, just before a lookup, just before a status poll). "After the POST, before
 * the answer" is done by the parent: its fake Twilio kills this process once it stored a message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { systemClock } from '../../foundation/clock';
import { EventBus } from '../../foundation/event-bus';
import { FileSecretStore, JsonFileSettingsStore } from '../../foundation/file-stores';
import { createLogger, streamSink } from '../../foundation/logger';
import { inTransaction } from '../../db/database';
import { openDatabase } from '../../db/open-database';
import { MIGRATIONS_FOLDER } from '../../db/test-db';
import { defaultClinicSettings, type ClinicSettings } from '../../../shared/domain';
import { createSmtpProvider } from '../../providers/smtp-provider';
import { createThreadedTwilioProvider } from '../../providers/threaded-provider';
import { createEngine } from '../create-engine';
import type { FaultStage } from '../dispatcher-config';
import { kindFor, phoneFor, emailFor, type PatientKind } from './traffic';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    twilio: { type: 'string' },
    sid: { type: 'string' },
    token: { type: 'string' },
    'smtp-port': { type: 'string' },
    generation: { type: 'string', default: '0' },
    size: { type: 'string', default: '40' },
    'kill-stage': { type: 'string' },
    'kill-at': { type: 'string', default: '1' },
    holds: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '20' },
  },
});

const dir = values.dir as string;
const generation = Number(values.generation);
const size = Number(values.size);
const logger = createLogger(streamSink((line) => fs.appendFileSync(path.join(dir, 'harness.log'), line)), { level: 'warn' });
const clock = systemClock;
const { db } = openDatabase({ file: path.join(dir, 'frontdesk.sqlite'), migrationsFolder: MIGRATIONS_FOLDER, clock, logger });

// Quiet hours off by default (the test runs at any hour) and no daily cap in the way.
const clinic: ClinicSettings = { ...defaultClinicSettings, quietHours: { start: '00:00', end: '00:00' }, dailyCap: 1_000 };
const FROM = '+15005550006';
const WA_FROM = '+15005550007';

const stageMap: Record<string, FaultStage> = { before_post: 'provider', after_answer: 'write', reconcile: 'reconcile', poll: 'poll' };
const killStage = values['kill-stage'] ? stageMap[values['kill-stage']] : undefined;
const killAt = Number(values['kill-at']);
let seen = 0;
const faultHook = killStage
  ? (stage: FaultStage) => {
      if (stage !== killStage) return;
      seen++;
      if (seen >= killAt) {
        fs.appendFileSync(path.join(dir, 'kills.log'), `${values['kill-stage']}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
    }
  : undefined;

/** A quiet-hours window that started a minute ago and ends a minute from now, patient-local. */
function shortQuietWindow(): { start: string; end: string } {
  const now = DateTime.fromMillis(clock.now(), { zone: clinic.timeZone });
  return { start: now.minus({ minutes: 1 }).toFormat('HH:mm'), end: now.plus({ minutes: 1 }).toFormat('HH:mm') };
}

function seedGeneration(): number[] {
  const existing = db.$client.prepare(`select id from patients where last_name = ? order by id`).all(`Gen${generation}`) as Array<{ id: number }>;
  if (existing.length > 0) return existing.map((r) => r.id);
  const now = clock.now();
  const ids: number[] = [];
  inTransaction(db, () => {
    const patient = db.$client.prepare(
      `insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values (?, ?, 'en', '[]', 0, ?, ?)`,
    );
    const cp = db.$client.prepare(
      `insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, ?, ?, 'mobile', 'ok', 1, ?, ?)`,
    );
    const pref = db.$client.prepare(`insert into preferences (patient_id, channel_order, quiet_hours_override, updated_at) values (?, ?, ?, ?)`);
    for (let i = 0; i < size; i++) {
      const kind: PatientKind = kindFor(i, values.holds === true);
      const id = Number(patient.run(`P${i}`, `Gen${generation}`, now, now).lastInsertRowid);
      ids.push(id);
      const phone = phoneFor(generation, i, kind);
      if (kind === 'email_fallback') {
        cp.run(id, 'phone', phone, now, now);
        cp.run(id, 'email', emailFor(generation, i), now, now);
        pref.run(id, '["sms","email"]', null, now);
      } else {
        cp.run(id, 'phone', phone, now, now);
        const order = kind === 'whatsapp' ? '["whatsapp"]' : kind === 'voice' ? '["voice"]' : '["sms"]';
        pref.run(id, order, kind === 'held' ? JSON.stringify(shortQuietWindow()) : null, now);
      }
    }
  });
  return ids;
}

async function main(): Promise<void> {
  const ids = seedGeneration();
  // As the app builds it (create-engine.ts): the SDK on its own thread, which a SIGKILL ends too.
  const twilio = createThreadedTwilioProvider({
    accountSid: values.sid as string,
    authToken: values.token as string,
    smsFrom: FROM,
    whatsappFrom: WA_FROM,
    voiceFrom: FROM,
    apiBaseUrl: values.twilio as string,
    timeoutMs: 10_000,
  }, { maxInFlight: Number(values.concurrency) });
  const smtp = createSmtpProvider({
    primary: { host: '127.0.0.1', port: Number(values['smtp-port']), secure: false },
    fromAddress: 'frontdesk@crash.test',
    messageIdDomain: 'crash.test',
    clock,
  });
  const engine = createEngine({
    db,
    clock,
    logger,
    events: new EventBus(),
    settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
    secrets: new FileSecretStore(path.join(dir, 'secrets.json')),
    clinic: () => clinic,
    providers: { twilio, smtp },
    routes: { sms: 'twilio', whatsapp: 'twilio', voice: 'twilio', email: 'smtp' },
    faultHook,
    dispatcher: {
      concurrency: Number(values.concurrency),
      pollIntervalMs: 200,
      maxPollIntervalMs: 1_000,
      probeIntervalMs: 200,
      backoff: { baseMs: 100, maxMs: 2_000, maxAttempts: 50, maxAgeMs: 60 * 60_000 },
      senderRates: { [FROM]: Infinity, [`whatsapp:${WA_FROM}`]: Infinity, 'smtp:frontdesk@crash.test': Infinity },
      // The fake's list lag in these runs is at most 1.5 s: a short window keeps the test quick.
      reconcileGraceMs: Number(process.env.FRONTDESK_CRASH_GRACE_MS ?? 2_500),
      lookupBaseMs: 200,
      lookupMaxMs: 1_000,
    },
  });

  // WhatsApp patients wrote to the clinic recently (the 24 h window is open); recorded once.
  const rows = db.$client.prepare('select p.id, p.first_name, c.value from patients p join contact_points c on c.patient_id = p.id and c.kind = ? where p.last_name = ?').all('phone', `Gen${generation}`) as Array<{ id: number; first_name: string; value: string }>;
  for (const r of rows) {
    const i = Number(r.first_name.slice(1));
    if (kindFor(i, values.holds === true) === 'whatsapp') engine.receiveInbound({ channel: 'whatsapp', address: r.value, body: 'hello', providerMessageId: `wa-in-${generation}-${i}` });
  }
  await engine.queueBatch(
    ids.map((id, i) => {
      const kind = kindFor(i, values.holds === true);
      // Families sharing a phone get the same body: only the ref (in the subject line) tells them apart.
      const ref = `[ref:${generation}-${id}]`;
      const body = kind === 'family' ? `The clinic is closed on Friday ${ref}` : `Crash test message ${ref}`;
      return { to: { patientId: id }, origin: 'broadcast' as const, purpose: 'transactional' as const, body, subject: `Crash test ${ref}`, dedupeKey: `crash:${generation}:${id}` };
    }),
  );
  await engine.start();

  const check = db.$client.prepare(
    `select count(*) n, sum(state in ('queued','held','sending') or (state = 'sent' and next_attempt_at is not null)) open from deliveries`,
  );
  for (;;) {
    const { open } = check.get() as { n: number; open: number | null };
    if ((open ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await engine.stop();
  const states = db.$client.prepare('select channel, state, count(*) n from deliveries group by channel, state').all();
  process.stdout.write(`DONE ${JSON.stringify(states)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  logger.error('crash harness failed', { error });
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
