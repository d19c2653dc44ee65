/**
 * Import benchmark: a 100,000-row patient CSV (1% broken rows) through the registry as the app
 * runs it: dry run, apply (one synchronous transaction), then the re-import dry run. Prints
 * seconds per phase, the longest event-loop stall during each dry run (the main process must stay
 * responsive) and peak memory (process.memoryUsage().rss sampled every 25 ms).
 *
 *   npx tsx bench/import.bench.ts      (or through `npm run bench`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestCore } from '../electron/core-thread/test-core';

export const PATIENTS = 100_000;

export function patientCsv(rows: number): Buffer {
  const lines = ['MRN,First Name,Last Name,DOB,Mobile,Email,Language'];
  for (let i = 0; i < rows; i++) {
    const broken = i % 100 === 99;
    const dob = `${(i % 12) + 1}/${(i % 28) + 1}/${1930 + (i % 90)}`;
    // Every phone distinct, so no shortcut helps: (212) 200-0000 … (212) 209-9999.
    const phone = broken ? '12345' : `(212) ${200 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`;
    lines.push(`M${i},Given${i},Family${i % 5000},${dob},${phone},p${i}@example.com,${i % 4 === 0 ? 'es' : 'en'}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export default async function importBench(): Promise<Record<string, number>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const t = await createTestCore();
  let peakRss = process.memoryUsage().rss;
  let lastTick = performance.now();
  let maxStallMs = 0;
  let measureStall = false;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const now = performance.now();
    if (measureStall) maxStallMs = Math.max(maxStallMs, now - lastTick);
    lastTick = now;
  }, 25);
  try {
    await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const file = patientCsv(PATIENTS);
    const content = { base64: file.toString('base64') };
    const mapping = {
      columns: {
        'patient.externalId': 'MRN',
        'patient.firstName': 'First Name',
        'patient.lastName': 'Last Name',
        'patient.dateOfBirth': 'DOB',
        'patient.mobile': 'Mobile',
        'patient.email': 'Email',
        'patient.language': 'Language',
      },
      dateOrder: 'MDY' as const,
    };

    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const start = performance.now();
      const value = await fn();
      return [value, (performance.now() - start) / 1000];
    };

    lastTick = performance.now();
    measureStall = true;
    const [dry, dryRunSeconds] = await timed(() => t.must('import.dryRun', { jobId: 'bench-dry-1', content, source: 'bench', kind: 'patients', mapping }));
    measureStall = false;
    const [applied, applySeconds] = await timed(() => t.must('import.apply', { jobId: 'bench-dry-1' }));
    const firstStallMs = maxStallMs;
    maxStallMs = 0;
    lastTick = performance.now();
    measureStall = true;
    const [again, reDryRunSeconds] = await timed(() => t.must('import.dryRun', { jobId: 'bench-dry-2', content, source: 'bench', kind: 'patients', mapping }));
    measureStall = false;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (applied.patients.created !== PATIENTS - PATIENTS / 100 || again.patients.unchanged !== applied.patients.created) {
      throw new Error(`unexpected counts: ${JSON.stringify({ dry: dry.patients, applied: applied.patients, again: again.patients })}`);
    }
    const result = {
      patients: PATIENTS,
      fileMegabytes: Math.round((file.length / 1024 / 1024) * 10) / 10,
      dryRunSeconds: round(dryRunSeconds),
      applySeconds: round(applySeconds),
      reImportDryRunSeconds: round(reDryRunSeconds),
      dryRunMaxEventLoopStallMs: Math.round(firstStallMs),
      reImportDryRunMaxEventLoopStallMs: Math.round(maxStallMs),
      peakRssMegabytes: Math.round(peakRss / 1024 / 1024),
      rejected: dry.rejected,
    };
    console.log(`import (${PATIENTS.toLocaleString()} patients, ${result.fileMegabytes} MB CSV, ${result.rejected} broken rows)`);
    console.log(`  dry run ${result.dryRunSeconds} s (longest event-loop stall ${result.dryRunMaxEventLoopStallMs} ms)`);
    console.log(`  apply (one transaction) ${result.applySeconds} s`);
    console.log(`  re-import dry run (all unchanged) ${result.reImportDryRunSeconds} s (longest event-loop stall ${result.reImportDryRunMaxEventLoopStallMs} ms)`);
    console.log(`  peak memory (rss) ${result.peakRssMegabytes} MB`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results/import.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    clearInterval(sampler);
    await t.dispose();
  }
}

const round = (s: number) => Math.round(s * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await importBench();
}
