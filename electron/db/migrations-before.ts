/**
 * Copies of the production migrations folder cut short, so a migration test can build a database
 * as an older release left it, fill it, and then open it with every migration to watch its data
 * move. Test-only; each copy lives in a temp folder the caller removes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, MIGRATIONS_FOLDER } from './test-db';

interface Journal {
  entries: Array<{ tag: string }>;
}

function readProductionJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/**
 * The first `count` migrations, in a new temp folder (pushed onto `cleanup` for the caller to
 * remove); returns the migrations folder inside it.
 */
export function migrationsUpTo(count: number, cleanup: string[]): string {
  const tempDir = makeTempDir('frontdesk-migrations-');
  cleanup.push(tempDir);
  const folder = path.join(tempDir, 'migrations');
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = readProductionJournal();
  const entries = journal.entries.slice(0, count);
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

/** Every migration before the one whose tag ends with `tagSuffix` (which must exist and not be the first). */
export function migrationsBefore(tagSuffix: string, cleanup: string[]): string {
  const index = readProductionJournal().entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (index <= 0) throw new Error(`no migration after the first ends with "${tagSuffix}"`);
  return migrationsUpTo(index, cleanup);
}
