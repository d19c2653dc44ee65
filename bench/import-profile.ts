/**
 * The import's apply phase alone, in this process, for profiling (not a benchmark: no figures
 * to compare, no .bench.ts):
 *
 *   node --cpu-prof --import tsx bench/import-profile.ts [patients]
 */
import { createTestCore } from '../electron/core-thread/test-core';
import { MAPPING, patientCsv } from './import.bench';

const patients = Number(process.argv[2] ?? 30_000);
const t = await createTestCore();
try {
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const content = { base64: patientCsv(patients).toString('base64') };
  await t.must('import.dryRun', { jobId: 'profile-apply', content, source: 'bench', kind: 'patients', mapping: MAPPING });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await t.must('import.apply', { jobId: 'profile-apply' });
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `apply of ${patients} patients: ${((performance.now() - started) / 1000).toFixed(2)} s, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s, created ${report.patients.created}\n`,
  );
} finally {
  await t.dispose();
}
