/** The sample files in samples/ (linked from the README) import cleanly with the guessed mapping. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../core-thread/test-core';
import { b64, importTestCore, MANAGER, newJobId } from '../core-thread/import-test-core';

let t: TestCore;
beforeAll(async () => {
  t = await importTestCore();
});
afterAll(async () => {
  await t.dispose();
});

async function importSample(file: string, cancelAbsent = false) {
  const content = b64(fs.readFileSync(path.resolve('samples', file)));
  const preview = await t.must('import.preview', { content, source: 'sample' }, MANAGER);
  const jobId = newJobId();
  const report = await t.must('import.dryRun', { jobId, content, source: 'sample', kind: preview.kind, mapping: preview.mapping, options: { cancelAbsent } }, MANAGER);
  await t.must('import.apply', { jobId }, MANAGER);
  return { preview, report };
}

describe('sample files', () => {
  it('patients-sample.csv: six patients; a shared family phone is fine', async () => {
    const { preview, report } = await importSample('patients-sample.csv');
    expect(preview.kind).toBe('patients');
    expect(report.rejections).toEqual([]);
    expect(report.patients.created).toBe(6);
  });

  it('appointments-sample.csv: matches the patients by chart number and books four (one is cancelled at source)', async () => {
    const { preview, report } = await importSample('appointments-sample.csv');
    expect(preview.kind).toBe('appointments');
    expect(report.rejections).toEqual([]);
    expect(report.patients).toEqual({ created: 0, updated: 0, unchanged: 5 });
    // The cancelled row has nothing to cancel in Frontdesk: its own class, not "unchanged".
    expect(report.appointments).toMatchObject({ created: 4, unchanged: 0, skipped: 1 });
    expect(report.warnings).toEqual([]);
  });
});
