/**
 * Broadcast preview benchmark: the composer's `broadcasts.previewAudience` on the largest audience
 * it plans (20,000 patients, a tenth opted out of SMS, every fifth booked tomorrow), through the
 * core on its worker thread as the app runs it, then in this process. Prints seconds for the
 * whole-clinic preview, for the "appointments tomorrow" preview, and for a name search right
 * after (which reuses the plan), each with the MAIN thread's stall beside it, and microseconds
 * per planned patient. Figures are printed, never asserted.
 *
 *   npx tsx bench/broadcast-preview.bench.ts      (or `npm run bench -- broadcast`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import type Database from 'better-sqlite3';
import type { CallName, InputOf, OutputOf } from '../shared/contract';
import { createTestCore } from '../electron/core-thread/test-core';
import { makeTempDir } from '../electron/db/test-db';
import { measured, seedStore, stallText, startWorkerCore, type Stall } from './worker-core';

export const PATIENTS = 20_000;

/** The clinic: a tenth opted out of SMS, every fifth booked tomorrow (clinic zone New York). */
function seed(sq: Database.Database, now: number): void {
  const tomorrow = DateTime.fromMillis(now, { zone: 'America/New_York' }).startOf('day').plus({ days: 1, hours: 9 }).toMillis();
  const patient = sq.prepare("insert into patients (first_name, last_name, language, tags, created_at, updated_at) values (?, ?, 'en', '[\"all\"]', ?, ?)");
  const phone = sq.prepare("insert into contact_points (patient_id, kind, value, label, is_primary, status, created_at, updated_at) values (?, 'phone', ?, 'mobile', 1, 'ok', ?, ?)");
  const optOut = sq.prepare("insert into consent_events (patient_id, channel, purpose, status, source, created_at) values (?, 'sms', 'transactional', 'opted_out', 'staff', ?)");
  const appt = sq.prepare("insert into appointments (patient_id, clinician, location, starts_at, duration_minutes, status, created_at, updated_at) values (?, 'Dr. Chen', 'Main St', ?, 30, 'booked', ?, ?)");
  for (let i = 0; i < PATIENTS; i++) {
    const id = Number(patient.run(`Given${i}`, `Family${i % 5000}`, now, now).lastInsertRowid);
    phone.run(id, `+1212${String(2000000 + i).padStart(7, '0')}`, now, now);
    if (i % 10 === 0) optOut.run(id, now);
    if (i % 5 === 0) appt.run(id, tomorrow + (i % 32) * 15 * 60_000, now, now);
  }
}

type Must = <N extends CallName>(name: N, input: InputOf<N>) => Promise<OutputOf<N>>;

/** The composer's calls: whole clinic, a name search right after (reuses the plan), appointments tomorrow. */
async function previews(must: Must): Promise<{ all: Stall; search: Stall; tomorrow: Stall; excluded: number }> {
  const template = await must('templates.create', {
    name: 'Closed Friday',
    category: 'broadcast',
    purpose: 'transactional',
    fallbackLanguage: 'en',
    content: { en: { sms: { body: 'Hi {{ patient.firstName }}, the clinic is closed on Friday.' } } },
  });
  const base = { purpose: 'transactional' as const, content: { templateId: template.id } };
  const [all, allStall] = await measured(() => must('broadcasts.previewAudience', { audience: { tags: ['all'] }, ...base }));
  const [, searchStall] = await measured(() => must('broadcasts.previewAudience', { audience: { tags: ['all'] }, ...base, search: 'given1999' }));
  const [tomorrowPreview, tomorrowStall] = await measured(() => must('broadcasts.previewAudience', { audience: { appointments: { range: { kind: 'tomorrow' } } }, ...base }));
  if (all.count !== PATIENTS || tomorrowPreview.count !== PATIENTS / 5) throw new Error(`unexpected counts ${all.count} / ${tomorrowPreview.count}`);
  return { all: allStall, search: searchStall, tomorrow: tomorrowStall, excluded: all.breakdown?.excluded.reduce((a, b) => a + b.count, 0) ?? 0 };
}

export default async function broadcastPreviewBench(): Promise<Record<string, unknown>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // The core on its worker as the app runs it, on a store seeded before the worker opens it.
  const dir = makeTempDir('frontdesk-bench-preview-');
  seedStore(dir, (sq) => seed(sq, Date.now()));
  const core = await startWorkerCore({ dir });
  let worker: Awaited<ReturnType<typeof previews>>;
  try {
    worker = await previews(core.must);
  } finally {
    await core.close();
  }
  // The same in this process.
  const t = await createTestCore();
  let inProcess: Awaited<ReturnType<typeof previews>>;
  try {
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const sq = t.core.db.$client;
    sq.transaction(() => seed(sq, t.clock.now()))();
    inProcess = await previews((name, input) => t.must(name, input));
  } finally {
    await t.dispose();
  }
  const result = {
    patients: PATIENTS,
    excluded: worker.excluded,
    worker: { wholeClinic: worker.all, search: worker.search, tomorrow: worker.tomorrow },
    inProcess: { wholeClinic: inProcess.all, search: inProcess.search, tomorrow: inProcess.tomorrow },
    microsecondsPerPlannedPatient: Math.round((worker.all.seconds * 1e6) / PATIENTS),
    searchToFullRatio: Math.round((worker.search.seconds / Math.max(worker.all.seconds, 0.001)) * 1000) / 1000,
  };
  console.log(`broadcast preview (${PATIENTS.toLocaleString()} patients; ${worker.excluded} excluded), core on its worker; in this process after the bar`);
  const line = (label: string, w: Stall, p: Stall) => console.log(`  ${label.padEnd(30)} ${w.seconds} s, ${stallText(w)} | in process ${p.seconds} s, stall ${p.stallMs} ms`);
  line(`whole clinic (${result.microsecondsPerPlannedPatient} µs/patient)`, worker.all, inProcess.all);
  line(`appointments tomorrow (${PATIENTS / 5})`, worker.tomorrow, inProcess.tomorrow);
  line(`name search (${result.searchToFullRatio}× full)`, worker.search, inProcess.search);
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/broadcast-preview.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}


if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await broadcastPreviewBench();
}
