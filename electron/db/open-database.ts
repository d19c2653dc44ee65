/**
 * Opening the store: pragmas, a schema read, version check, then before migrating an integrity
 * check and a copy of the file, drizzle migrations with foreign keys handled outside the
 * migrator's transaction, then `foreign_key_check`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { AppDb } from './database';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';

export class DatabaseOpenError extends Error {
  constructor(
    readonly code: 'newer_version' | 'corrupt' | 'foreign_keys' | 'migration_failed',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface OpenDatabaseOptions {
  file: string;
  migrationsFolder: string;
  clock: Clock;
  logger: Logger;
  /** Where pre-migration copies go; defaults to a `backups` folder beside the file. */
  backupDir?: string;
}

export interface OpenedDatabase {
  db: AppDb;
  sqlite: Database.Database;
  /** Schema version (number of migrations applied) before and after opening. */
  versionBefore: number;
  versionAfter: number;
  backupFile: string | null;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const raw = fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  const journal = JSON.parse(raw) as { entries: JournalEntry[] };
  return journal.entries;
}

/** The schema version is the number of migrations applied, kept in `PRAGMA user_version`. */
export function schemaVersion(sqlite: Database.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

export function applyConnectionPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  // FULL, not better-sqlite3's WAL default NORMAL: a power cut must not roll back a "sent" mark.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // Statement journals (what a multi-row write or a savepoint can roll back to) stay in memory:
  // by default each spills to a temp file past 64 KiB, and the engine's and queueing's batches
  // then made tens of write calls per message. Nothing durable is in them.
  sqlite.pragma('temp_store = MEMORY');
}

/** SQLite's own word that a file is not a database or has a damaged page. */
function isDamaged(error: unknown): error is Error {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const { file, migrationsFolder, clock, logger } = options;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const sqlite = new Database(file);
  try {
    // Reading the schema fails on a file that is not a database; the full check reads every
    // page (9.5 s at a million messages), so it runs only before a migration rewrites the file.
    try {
      applyConnectionPragmas(sqlite);
      sqlite.prepare('select count(*) from sqlite_master').get();
    } catch (error) {
      if (!isDamaged(error)) throw error;
      throw new DatabaseOpenError('corrupt', `The database file ${file} cannot be read: ${error.message}`);
    }

    const journal = readJournal(migrationsFolder);
    const known = journal.length;
    const versionBefore = schemaVersion(sqlite);
    if (versionBefore < known) {
      // A badly damaged page makes the check itself throw rather than report: both are "corrupt".
      let check: unknown;
      try {
        check = sqlite.pragma('quick_check', { simple: true });
      } catch (error) {
        check = error instanceof Error ? error.message : String(error);
      }
      if (check !== 'ok') {
        throw new DatabaseOpenError('corrupt', `The database file ${file} failed its integrity check: ${String(check)}`);
      }
    }
    if (versionBefore > known) {
      throw new DatabaseOpenError(
        'newer_version',
        `This database was written by a newer version of Frontdesk (schema version ${versionBefore}; ` +
          `this version knows up to ${known}). Install the newer Frontdesk, or restore a backup; ` +
          `the file was left unchanged.`,
      );
    }

    let backupFile: string | null = null;
    if (existed && versionBefore < known) {
      const dir = options.backupDir ?? path.join(path.dirname(file), 'backups');
      fs.mkdirSync(dir, { recursive: true });
      backupFile = path.join(dir, `${path.basename(file, '.sqlite')}.pre-migrate-v${versionBefore}-${clock.now()}.sqlite`);
      sqlite.prepare('VACUUM INTO ?').run(backupFile);
      logger.info('database copied before migrating', { backupFile, versionBefore, versionTo: known });
    }

    const db = drizzle(sqlite, { schema }) as AppDb;
    if (versionBefore < known) {
      // Foreign keys cannot be switched inside a transaction, so turn them off around the
      // migrator's own transaction and verify the result afterwards.
      sqlite.pragma('foreign_keys = OFF');
      try {
        migrate(db, { migrationsFolder });
      } catch (error) {
        throw new DatabaseOpenError(
          'migration_failed',
          `Migrating the database failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new DatabaseOpenError(
          'foreign_keys',
          `The migrated database has ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`,
        );
      }
      sqlite.pragma(`user_version = ${known}`);
      logger.info('database migrated', { versionBefore, versionAfter: known });
    }
    sqlite.pragma('foreign_keys = ON');
    return { db, sqlite, versionBefore, versionAfter: known, backupFile };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
