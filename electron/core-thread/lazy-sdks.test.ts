/**
 * The provider SDKs load when a provider is built, not when the core starts: a clinic on the
 * sandbox never pays their memory or start-up time (bench/startup.bench.ts). Runs in a child
 * process, so no other test file has loaded them already.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('a started core on the sandbox has loaded none of twilio, nodemailer, imapflow; building a provider loads its SDK', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lazy-sdks-child.ts')], { encoding: 'utf8', timeout: 120_000 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, child.stderr).toBeDefined();
  const result = JSON.parse((line ?? '').slice('RESULT '.length)) as Record<string, string[]>;
  expect(result.afterStart).toEqual([]);
  expect(result.afterTwilio).toEqual(['twilio']);
  expect(result.afterSmtp).toEqual(['nodemailer', 'twilio']);
}, 150_000);
