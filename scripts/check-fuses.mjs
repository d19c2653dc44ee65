#!/usr/bin/env node
/**
 * Reads the Electron fuses back from a packaged app and compares them with `electronFuses` in
 * electron-builder.yml, so a release cannot ship with a fuse silently left open (e.g. runAsNode,
 * which would turn the signed app into a general-purpose Node runtime).
 *
 *   node scripts/check-fuses.mjs <Frontdesk.exe | Frontdesk.app | Electron binary> [electron-builder.yml]
 *
 * Prints one line per fuse and exits 1 on any difference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/** `electronFuses:` of electron-builder.yml: `  name: true|false` lines (option names, not fuses, are skipped). */
export function expectedFuses(yamlText) {
  const lines = yamlText.split(/\r?\n/);
  const start = lines.findIndex((line) => /^electronFuses:\s*$/.test(line));
  if (start === -1) throw new Error('electron-builder.yml has no electronFuses section');
  const expected = {};
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) break;
    const match = /^\s+([A-Za-z]+):\s*(true|false)\s*(#.*)?$/.exec(line);
    if (!match) continue;
    const fuse = match[1].charAt(0).toUpperCase() + match[1].slice(1);
    if (FuseV1Options[fuse] === undefined) continue; // e.g. resetAdHocDarwinSignature
    expected[fuse] = match[2] === 'true';
  }
  return expected;
}

export async function checkFuses(binary, yamlText) {
  const wire = await getCurrentFuseWire(binary);
  const problems = [];
  const lines = [];
  for (const [fuse, enabled] of Object.entries(expectedFuses(yamlText))) {
    const state = wire[FuseV1Options[fuse]];
    const actual = state === FuseState.ENABLE ? true : state === FuseState.DISABLE ? false : null;
    const ok = actual === enabled;
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${fuse}: expected ${enabled ? 'on' : 'off'}, found ${actual === null ? FuseState[state] ?? 'missing' : actual ? 'on' : 'off'}`);
    if (!ok) problems.push(fuse);
  }
  return { lines, problems };
}

async function main() {
  const [target, config = path.join(import.meta.dirname, '..', 'electron-builder.yml')] = process.argv.slice(2);
  if (!target) {
    process.stderr.write('usage: node scripts/check-fuses.mjs <app or binary> [electron-builder.yml]\n');
    return 2;
  }
  const { lines, problems } = await checkFuses(target, fs.readFileSync(config, 'utf8'));
  process.stdout.write(`Fuses of ${target}:\n${lines.join('\n')}\n`);
  if (problems.length) process.stderr.write(`check-fuses: ${problems.length} fuse(s) differ from electron-builder.yml: ${problems.join(', ')}\n`);
  return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`check-fuses: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
