/**
 * One phase of the import, in this process, for profiling (not a benchmark: no figures to
 * compare, no .bench.ts). The phase is the dry run, the apply (after an unprofiled dry run's
 * work is done, the profile still covers it: read the apply part by its functions), or the
 * re-import dry run of an applied file.
 *
 *   node --cpu-prof --import tsx bench/import-profile.ts [dry|apply|again] [patients]
 */
import { createTestCore } from '../electron/core-thread/test-core';
import { MAPPING, patientCsv } from './import.bench';

const phase = process.argv[2] ?? 'apply';
if (phase !== 'dry' && phase !== 'apply' && phase !== 'again') throw new Error(`unknown phase ${phase}: dry, apply or again`);
const patients = Number(process.argv[3] ?? 30_000);
const t = await createTestCore();
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${label} of ${patients} patients: ${((performance.now() - started) / 1000).toFixed(2)} s, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s\n`);
  return value;
};
try {
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const content = { base64: patientCsv(patients).toString('base64') };
  const dryRun = (jobId: string) => t.must('import.dryRun', { jobId, content, source: 'bench', kind: 'patients', mapping: MAPPING });
  if (phase === 'dry') await timed('dry run', () => dryRun('profile-dry'));
  else {
    await dryRun('profile-apply');
    const report = await timed('apply', () => t.must('import.apply', { jobId: 'profile-apply' }));
    if (phase === 'again') await timed('re-import dry run', () => dryRun('profile-again'));
    else process.stdout.write(`created ${report.patients.created}\n`);
  }
} finally {
  await t.dispose();
}
