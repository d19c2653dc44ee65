#!/usr/bin/env node
/**
 * `npm run dist[:win|:mac]`: runs electron-builder on the already built out/ (npm runs
 * `electron-vite build` first) for the host, or `--win` / `--mac`. Never publishes: the release
 * workflow uploads the artifacts itself. The update feed comes from FRONTDESK_UPDATE_URL
 * (see `publish` in electron-builder.yml); without it the installer is built with no feed and the
 * installed app says so instead of checking for updates.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const extra = ['--publish', 'never'];
if (!process.env.FRONTDESK_UPDATE_URL) {
  process.stderr.write('Frontdesk: FRONTDESK_UPDATE_URL is not set — building without an update feed (the app will not check for updates)\n');
  extra.push('-c.publish=null');
}
const cli = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const result = spawnSync(process.execPath, [cli, ...args, ...extra], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
