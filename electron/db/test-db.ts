/**
 * Real SQLite files in temp folders with the production migrations, for tests and benchmarks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { openDatabase, type OpenedDatabase } from './open-database';
import { FakeClock, type Clock } from '../foundation/clock';
import { memoryLogger, type Logger } from '../foundation/logger';

/** SQLite's query plan for `query` as one line, steps joined by ` | ` (tests check which index a read searches). */
export function queryPlan(sqlite: Database.Database, query: string, ...params: unknown[]): string {
  return (sqlite.prepare(`explain query plan ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function makeTempDir(prefix = 'frontdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TempDatabase extends OpenedDatabase {
  dir: string;
  file: string;
  clock: Clock;
  /** Closes the database and removes its folder. */
  dispose(): void;
}

export function openTempDatabase(options: { clock?: Clock; logger?: Logger; dir?: string } = {}): TempDatabase {
  const dir = options.dir ?? makeTempDir();
  const file = path.join(dir, 'frontdesk.sqlite');
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const opened = openDatabase({ file, migrationsFolder: MIGRATIONS_FOLDER, clock, logger: options.logger ?? memoryLogger() });
  return {
    ...opened,
    dir,
    file,
    clock,
    dispose: () => {
      if (opened.sqlite.open) opened.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
