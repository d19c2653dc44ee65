/**
 * Crash harness: a child process that runs the real engine (real SQLite file with synchronous=FULL,
 * the twilio SDK, nodemailer) against the local peers, so a test or benchmark can SIGKILL it at any
 * moment and start it again on the same folder.
 *
 *   node --import tsx electron/engine/crash/harness.ts --dir D --twilio URL --sid AC… --token T
 *        --smtp-port P --sms N --emails M [--concurrency C]
 *
 * First run: creates N SMS patients and M email patients in one transaction. Every run: queues one
 * message per patient with a stable dedupe key (so a restart never queues twice), starts the engine
 * (which reconciles rows left in `sending` before sending anything), and exits 0 with a line
 * `DONE <json>` once every delivery is final.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock';
import { EventBus } from '../../core/event-bus';
import { FileSecretStore, JsonFileSettingsStore } from '../../core/file-stores';
import { createLogger, streamSink } from '../../core/logger';
import { inTransaction } from '../../db/database';
import { openDatabase } from '../../db/open-database';
import { MIGRATIONS_FOLDER } from '../../db/test-db';
import { defaultClinicSettings, type ClinicSettings } from '../../../shared/domain';
import { createSmtpProvider } from '../../providers/smtp-provider';
import { createTwilioProvider } from '../../providers/twilio-provider';
import { createEngine } from '../create-engine';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    twilio: { type: 'string' },
    sid: { type: 'string' },
    token: { type: 'string' },
    'smtp-port': { type: 'string' },
    sms: { type: 'string', default: '0' },
    emails: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '20' },
  },
});

const dir = values.dir as string;
const smsCount = Number(values.sms);
const emailCount = Number(values.emails);
const logger = createLogger(streamSink((line) => fs.appendFileSync(path.join(dir, 'harness.log'), line)), { level: 'warn' });
const clock = systemClock;
const { db } = openDatabase({ file: path.join(dir, 'frontdesk.sqlite'), migrationsFolder: MIGRATIONS_FOLDER, clock, logger });

// Quiet hours off (the test runs at any hour of the day) and no daily cap in the way.
const clinic: ClinicSettings = { ...defaultClinicSettings, quietHours: { start: '00:00', end: '00:00' }, dailyCap: 100 };

export const smsAddress = (i: number) => `+1415555${String(i).padStart(4, '0')}`;
export const emailAddress = (i: number) => `patient${i}@crash.test`;

function seedPatients(): void {
  const existing = (db.$client.prepare('select count(*) n from patients').get() as { n: number }).n;
  if (existing > 0) return;
  const now = clock.now();
  inTransaction(db, () => {
    const patient = db.$client.prepare(
      `insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values (?, 'Crash', 'en', '[]', 0, ?, ?)`,
    );
    const cp = db.$client.prepare(
      `insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, ?, ?, 'mobile', 'ok', 1, ?, ?)`,
    );
    const pref = db.$client.prepare(`insert into preferences (patient_id, channel_order, updated_at) values (?, ?, ?)`);
    for (let i = 0; i < smsCount; i++) {
      const id = Number(patient.run(`Sms${i}`, now, now).lastInsertRowid);
      cp.run(id, 'phone', smsAddress(i), now, now);
      pref.run(id, '["sms"]', now);
    }
    for (let i = 0; i < emailCount; i++) {
      const id = Number(patient.run(`Mail${i}`, now, now).lastInsertRowid);
      cp.run(id, 'email', emailAddress(i), now, now);
      pref.run(id, '["email"]', now);
    }
  });
}

async function main(): Promise<void> {
  seedPatients();
  const twilio = createTwilioProvider({
    accountSid: values.sid as string,
    authToken: values.token as string,
    smsFrom: '+15005550006',
    apiBaseUrl: values.twilio as string,
    timeoutMs: 10_000,
  });
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
    routes: { sms: 'twilio', email: 'smtp' },
    dispatcher: {
      concurrency: Number(values.concurrency),
      pollIntervalMs: 200,
      maxPollIntervalMs: 1_000,
      probeIntervalMs: 200,
      backoff: { baseMs: 100, maxMs: 2_000, maxAttempts: 50, maxAgeMs: 60 * 60_000 },
      senderRates: { '+15005550006': Infinity, 'smtp:frontdesk@crash.test': Infinity },
      // The fake lists at once unless told to lag: a short window keeps the test quick.
      reconcileGraceMs: Number(process.env.FRONTDESK_CRASH_GRACE_MS ?? 2_000),
      lookupBaseMs: 200,
      lookupMaxMs: 1_000,
    },
  });

  const ids = db.$client.prepare('select id, first_name from patients order by id').all() as Array<{ id: number; first_name: string }>;
  await engine.queueBatch(
    ids.map((p) => ({
      to: { patientId: p.id },
      origin: 'broadcast' as const,
      purpose: 'transactional' as const,
      body: `Crash test message for ${p.first_name}`,
      subject: 'Crash test',
      dedupeKey: `crash:${p.id}`,
    })),
  );
  await engine.start();

  const total = smsCount + emailCount;
  const check = db.$client.prepare(
    `select count(*) n, sum(state in ('queued','held','sending') or (state = 'sent' and next_attempt_at is not null)) open from deliveries`,
  );
  for (;;) {
    const { n, open } = check.get() as { n: number; open: number | null };
    if (n >= total && (open ?? 0) === 0) break;
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
