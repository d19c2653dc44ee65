/**
 * Broadcast preview benchmark: the composer's `broadcasts.previewAudience` on the largest audience
 * it plans (20,000 patients, a tenth opted out of SMS, every fifth booked tomorrow), through the
 * registry as the app runs it. Prints seconds for the whole-clinic preview, for the
 * "appointments tomorrow" preview, and for a name search right after (which reuses the plan), and
 * microseconds per planned patient. Figures are printed, never asserted.
 *
 *   npx tsx bench/broadcast-preview.bench.ts      (or `npm run bench -- broadcast`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { createTestCore } from '../electron/core-thread/test-core';

export const PATIENTS = 20_000;

export default async function broadcastPreviewBench(): Promise<Record<string, number>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const t = await createTestCore();
  try {
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const sq = t.core.db.$client;
    const now = t.clock.now();
    const tomorrow = DateTime.fromMillis(now, { zone: 'America/New_York' }).startOf('day').plus({ days: 1, hours: 9 }).toMillis();
    sq.transaction(() => {
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
    })();
    const template = await t.must('templates.create', {
      name: 'Closed Friday',
      category: 'broadcast',
      purpose: 'transactional',
      fallbackLanguage: 'en',
      content: { en: { sms: { body: 'Hi {{ patient.firstName }}, the clinic is closed on Friday.' } } },
    });
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const start = performance.now();
      const value = await fn();
      return [value, (performance.now() - start) / 1000];
    };
    const base = { purpose: 'transactional' as const, content: { templateId: template.id } };
    const [all, allSeconds] = await timed(() => t.must('broadcasts.previewAudience', { audience: { tags: ['all'] }, ...base }));
    // The composer's next calls for the same audience (a name search, another page) reuse the plan.
    const [, searchSeconds] = await timed(() => t.must('broadcasts.previewAudience', { audience: { tags: ['all'] }, ...base, search: 'given1999' }));
    const [tomorrowPreview, tomorrowSeconds] = await timed(() => t.must('broadcasts.previewAudience', { audience: { appointments: { range: { kind: 'tomorrow' } } }, ...base }));
    if (all.count !== PATIENTS || tomorrowPreview.count !== PATIENTS / 5) throw new Error(`unexpected counts ${all.count} / ${tomorrowPreview.count}`);
    const result = {
      patients: PATIENTS,
      wholeClinicPreviewSeconds: round(allSeconds),
      tomorrowPreviewSeconds: round(tomorrowSeconds),
      searchPreviewSeconds: round(searchSeconds),
      microsecondsPerPlannedPatient: Math.round((allSeconds * 1e6) / PATIENTS),
      searchToFullRatio: Math.round((searchSeconds / allSeconds) * 1000) / 1000,
    };
    console.log(`broadcast preview (${PATIENTS.toLocaleString()} patients; ${all.breakdown?.excluded.reduce((a, b) => a + b.count, 0) ?? 0} excluded)`);
    console.log(`  whole clinic ${result.wholeClinicPreviewSeconds} s (${result.microsecondsPerPlannedPatient} µs per patient)`);
    console.log(`  appointments tomorrow (${tomorrowPreview.count}) ${result.tomorrowPreviewSeconds} s`);
    console.log(`  name search ${result.searchPreviewSeconds} s (${result.searchToFullRatio}× the full preview)`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results/broadcast-preview.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await t.dispose();
  }
}

const round = (s: number) => Math.round(s * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await broadcastPreviewBench();
}
