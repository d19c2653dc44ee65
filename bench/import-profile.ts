/**
 * One phase of the import, in this process, for profiling (not a benchmark: no figures to
 * compare, no .bench.ts): the dry run, the apply (after a dry run), or the re-import dry run of
 * an applied file. With a third argument, that phase alone is profiled (start-up, seeding and
 * the other phases left out) into that .cpuprofile file:
 *
 *   node --import tsx bench/import-profile.ts [dry|apply|again] [patients] [out.cpuprofile]
 *   node --cpu-prof --import tsx bench/import-profile.ts ...   (the whole process)
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createTestCore } from '../electron/core-thread/test-core';
import { MAPPING, patientCsv } from './import.bench';

const phase = process.argv[2] ?? 'apply';
if (phase !== 'dry' && phase !== 'apply' && phase !== 'again') throw new Error(`unknown phase ${phase}: dry, apply or again`);
const patients = Number(process.argv[3] ?? 30_000);
const profileFile = process.argv[4];
const t = await createTestCore();
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const session = new Session();
  if (profileFile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  if (profileFile) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
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
    const apply = () => t.must('import.apply', { jobId: 'profile-apply' });
    const report = phase === 'apply' ? await timed('apply', apply) : await apply();
    process.stdout.write(`created ${report.patients.created}\n`);
    if (phase === 'again') await timed('re-import dry run', () => dryRun('profile-again'));
  }
} finally {
  await t.dispose();
}
