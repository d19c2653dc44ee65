/**
 * Runs every bench/*.bench.ts in sequence, each in its own process (so one benchmark's sockets,
 * timers and heap never skew the next), and prints their figures. Figures are printed, never
 * asserted. Each benchmark also writes bench-results/<name>.json.
 *
 *   npm run bench                 all of them
 *   npm run bench -- engine       only files whose name contains "engine"
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const cpus = os.cpus();
console.log(`Frontdesk benchmarks — ${new Date().toISOString()}`);
console.log(`machine: ${cpus.length} cores (os.cpus().length), ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, node ${process.version}, ${os.platform()} ${os.arch()}`);
console.log(`running: ${files.join(', ') || '(none)'}\n`);

const failed: string[] = [];
for (const file of files) {
  console.log(`=== ${file} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env: process.env });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`!!! ${file} failed (exit ${result.status ?? result.signal}) after ${seconds} s\n`);
  } else {
    console.log(`--- ${file} took ${seconds} s\n`);
  }
}
console.log(`cores: ${cpus.length}`);
if (failed.length > 0) {
  console.log(`failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
