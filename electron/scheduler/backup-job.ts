/**
 * A daily rotating backup with SQLite's online backup API (better-sqlite3 `db.backup`): one file
 * per local day, the newest `keep` kept. Idempotent: a second run on the same day does nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DateTime } from 'luxon';

export interface BackupOptions {
  sqlite: Database.Database;
  dir: string;
  keep: number;
  timeZone: string;
}

const PATTERN = /^frontdesk-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => PATTERN.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Returns the file written, or null when today's backup already exists. */
export async function runDailyBackup(options: BackupOptions, now: number): Promise<string | null> {
  const day = DateTime.fromMillis(now, { zone: options.timeZone }).toISODate() ?? 'unknown';
  const file = path.join(options.dir, `frontdesk-${day}.sqlite`);
  fs.mkdirSync(options.dir, { recursive: true });
  let written: string | null = null;
  if (!fs.existsSync(file)) {
    const partial = `${file}.partial`;
    await options.sqlite.backup(partial);
    fs.renameSync(partial, file);
    written = file;
  }
  const all = listBackups(options.dir);
  for (const old of all.slice(0, Math.max(0, all.length - options.keep))) fs.rmSync(old, { force: true });
  return written;
}
