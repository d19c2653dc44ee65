/**
 * One reminder planning pass over a busy day, through the core on its worker thread as the app
 * runs it: N appointments (default 2,000 and 5,000) starting 3–20 hours from now, so the default
 * rules' email (2 days) and SMS (24 hours) windows are both open and the SMS one goes; every
 * tenth patient shares the previous one's phone (a parent and a child: one grouped message). The
 * `reminders.plan` job is run through the contract (scheduler.runJob) and timed from the call to
 * its answer, with the main thread's stall. Prints seconds, µs per appointment, messages queued.
 *
 *   npx tsx bench/reminder-planning.bench.ts [N ...]     (or `npm run bench -- reminder-planning`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { makeTempDir } from '../electron/db/test-db';
import { measured, seedStore, stallText, startWorkerCore, type Stall } from './worker-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [2_000, 5_000];
const HOUR = 3600_000;

/** N patients with a mobile and an email, each with one booked appointment in the next 3–20 hours. */
function seedDay(sqlite: Database.Database, n: number, now: number): void {
  const patient = sqlite.prepare(`insert into patients (first_name, last_name, language, tags, created_at, updated_at) values (?, 'Bench', 'en', '[]', 0, 0)`);
  const contact = sqlite.prepare(`insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, ?, ?, 'home', 'ok', 1, 0, 0)`);
  const appointment = sqlite.prepare(`insert into appointments (patient_id, clinician, location, starts_at, status, created_at, updated_at) values (?, 'Dr Rivera', 'Main St', ?, 'booked', 0, 0)`);
  for (let i = 0; i < n; i++) {
    const id = Number(patient.run(`P${i}`).lastInsertRowid);
    // Every tenth patient shares the previous one's phone.
    const phoneOf = i % 10 === 9 ? i - 1 : i;
    contact.run(id, 'phone', `+1${String(2_000_000_000 + phoneOf)}`);
    contact.run(id, 'email', `p${i}@example.com`);
    appointment.run(id, now + 3 * HOUR + Math.floor((i * 17 * HOUR) / n));
  }
}

interface Result {
  appointments: number;
  stall: Stall;
  usPerAppointment: number;
  /** CPU of every thread of this process (the core worker's planning and main's relaying): load inflates it far less than wall time. */
  cpuSeconds: number;
  queued: number;
  reminderSends: number;
}

async function runSize(n: number): Promise<Result> {
  const dir = makeTempDir('frontdesk-bench-reminders-');
  const now = Date.now();
  seedStore(dir, (sqlite) => seedDay(sqlite, n, now));
  const core = await startWorkerCore({ dir });
  try {
    const cpu0 = process.cpuUsage();
    const [, stall] = await measured(() => core.must('scheduler.runJob', { name: 'reminders.plan' }));
    const cpu = process.cpuUsage(cpu0);
    const db = new Database(path.join(dir, 'frontdesk.sqlite'), { readonly: true });
    try {
      const queued = (db.prepare(`select count(*) as n from messages where origin = 'reminder'`).get() as { n: number }).n;
      const reminderSends = (db.prepare('select count(*) as n from reminder_sends').get() as { n: number }).n;
      return { appointments: n, stall, usPerAppointment: Math.round((stall.seconds * 1e6) / n), cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, queued, reminderSends };
    } finally {
      db.close();
    }
  } finally {
    await core.close();
  }
}

console.log('reminder planning: one reminders.plan pass through the core on its worker (default rules; email and 24 h SMS both due, SMS goes)');
const results: Result[] = [];
for (const n of SIZES) {
  const r = await runSize(n);
  results.push(r);
  console.log(`  ${String(n).padStart(6)} appointments: ${r.stall.seconds.toFixed(2)} s, ${r.usPerAppointment} µs per appointment (cpu of both threads ${r.cpuSeconds.toFixed(2)} s), ${r.queued} messages queued, ${r.reminderSends} reminder_sends rows; ${stallText(r.stall)}`);
}
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/reminder-planning.json'), `${JSON.stringify({ results }, null, 2)}\n`);
