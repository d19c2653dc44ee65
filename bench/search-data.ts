/**
 * A clinic database with 1,000,000 messages for the search and start-up benchmarks: about 50,000
 * patients (pairs of the first 20,000 share a household and its conversation), 10,000 household
 * conversations plus 500 from unknown numbers, and messages with a realistic word mix (a few very
 * common words, a long tail, and rare words such as drug names in a few dozen messages each).
 *
 * Generating takes a minute, so the file is cached in the OS temp folder keyed by DATA_VERSION:
 * change the version whenever the generator changes. Two stages are cached: the schema before the
 * patient-name index (0000–0006, to measure the 0007 migration on a full database) and migrated.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, readJournal } from '../electron/db/open-database';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { FakeClock } from '../electron/foundation/clock';
import { memoryLogger } from '../electron/foundation/logger';
import { seededRandom } from '../shared/seeded-random';

/** Deterministic, so every run builds the same database. */
export const rng = seededRandom;

export const DATA_VERSION = 'v1';
export const MESSAGES = Number(process.env.SEARCH_BENCH_MESSAGES ?? 1_000_000);
export const PATIENTS = 50_000;
export const HOUSEHOLD_CONVERSATIONS = 10_000;
export const UNKNOWN_CONVERSATIONS = 500;
/** The first migration the pre-0007 copy leaves out. */
const INDEX_MIGRATION_PREFIX = '0007_';
const START = Date.UTC(2024, 0, 1);
const cacheDir = path.join(os.tmpdir(), 'frontdesk-bench-search');

export const FIRST_NAMES = ['Maya', 'Omar', 'Emma', 'Noah', 'Olivia', 'Liam', 'Ava', 'Lucas', 'Sofia', 'Ethan', 'Mia', 'James', 'Amelia', 'Ben', 'Isla', 'Leo', 'Grace', 'Arjun', 'Priya', 'Chen', 'Fatima', 'Yusuf', 'Hana', 'Mateo', 'Zoe', 'Jack', 'Ruby', 'Oscar', 'Chloe', 'Finn', 'Ella', 'Adam', 'Lily', 'Sam', 'Nora', 'Ivy', 'Hugo', 'Rosa', 'Kai', 'Elena'];
export const LAST_NAMES = ['Bennett', 'Shah', 'Lopez', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright', 'Walker', 'Khan', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Clarke', 'Jackson', 'Turner', 'Hill', 'Moore', 'Cooper', 'Ward', 'Morris', 'King', 'Watson', 'Baker', 'Harrison', 'Morgan', 'Young', 'Allen', 'Mitchell', 'Kelly', 'Nguyen', 'Diaz', 'Silva', 'Okafor', 'Kowalski', 'Novak', 'Rossi', 'Muller', 'Dubois', 'Tanaka'];
/** Words most messages use, most frequent first (Zipf-weighted below). */
const COMMON = ['you', 'your', 'the', 'appointment', 'to', 'is', 'at', 'on', 'please', 'reply', 'thanks', 'confirm', 'tomorrow', 'see', 'clinic', 'dr', 'with', 'for', 'hi', 'can', 'reminder', 'time', 'call', 'today', 'we', 'i', 'my', 'am', 'pm', 'booked', 'cancel', 'reschedule', 'next', 'week', 'monday', 'friday', 'check', 'results', 'ready', 'parking', 'late', 'running', 'minutes', 'insurance', 'form', 'prescription', 'refill', 'dentist', 'cleaning', 'visit'];
/** Rare words: each appears in a few dozen messages of the million. */
export const RARE = ['amoxicillin', 'orthodontist', 'wheelchair', 'interpreter', 'physiotherapy', 'allergy', 'ibuprofen', 'crown', 'retainer', 'braces', 'xray', 'bloodwork', 'vaccination', 'stitches', 'invoice', 'refund', 'voucher', 'mouthguard', 'implant', 'whitening'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'so', 'tu', 'vi', 'de', 'fa', 'go', 'hu', 'jo', 'pe', 'qui', 'ze', 'bra', 'cle', 'dro', 'ste'];

function tailWord(n: number): string {
  let word = '';
  let x = n;
  do {
    word += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  } while (x > 0);
  return `${word}ment`;
}

/** Vocabulary: common words, then 4,000 tail words, drawn with a Zipf-like weight 1/(rank+1). */
function vocabulary(): { words: string[]; cumulative: Float64Array } {
  const words = [...COMMON];
  for (let i = 0; i < 4_000; i++) words.push(tailWord(i + 400));
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let i = 0; i < words.length; i++) {
    sum += 1 / (i + 1);
    cumulative[i] = sum;
  }
  for (let i = 0; i < words.length; i++) cumulative[i] = (cumulative[i] ?? 0) / sum;
  return { words, cumulative };
}

function pick(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 1) < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The patient's phone: UK mobiles in the 07700 900xxx drama range, a tenth on US numbers. */
export function patientPhone(patientId: number): string {
  return patientId % 10 === 0 ? `+1312555${String(patientId).padStart(5, '0').slice(-4)}` : `+447700${String(900_000 + patientId).padStart(6, '0')}`;
}

export function patientName(patientId: number): { first: string; last: string } {
  return {
    first: FIRST_NAMES[(patientId * 7) % FIRST_NAMES.length] ?? 'Maya',
    last: LAST_NAMES[(patientId * 13 + Math.floor(patientId / 50)) % LAST_NAMES.length] ?? 'Bennett',
  };
}

function migrationsBeforeIndex(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-bench-migrations-'));
  fs.mkdirSync(path.join(dir, 'meta'));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const entries = journal.entries.filter((e) => e.tag < INDEX_MIGRATION_PREFIX);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

function fill(sqlite: Database.Database): void {
  const random = rng(13);
  const { words, cumulative } = vocabulary();
  const now = START;
  sqlite.pragma('synchronous = OFF');
  const insertHousehold = sqlite.prepare('insert into households (id, created_at, updated_at) values (?, ?, ?)');
  const insertPatient = sqlite.prepare('insert into patients (id, first_name, last_name, date_of_birth, external_id, household_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertPhone = sqlite.prepare(`insert into contact_points (patient_id, kind, value, is_primary, created_at, updated_at) values (?, 'phone', ?, 1, ?, ?)`);
  const insertConversation = sqlite.prepare('insert into conversations (id, patient_id, household_id, address, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let p = 1; p <= PATIENTS; p++) {
      // Patients 1–20,000 live in pairs (household = ceil(p/2)); the rest alone.
      const household = p <= HOUSEHOLD_CONVERSATIONS * 2 ? Math.ceil(p / 2) : p;
      if (p > HOUSEHOLD_CONVERSATIONS * 2 || p % 2 === 1) insertHousehold.run(household, now, now);
      const { first, last } = patientName(p);
      insertPatient.run(p, first, last, '1980-01-02', `MRN${p}`, household, now, now);
      insertPhone.run(p, patientPhone(p), now, now);
    }
    for (let c = 1; c <= HOUSEHOLD_CONVERSATIONS; c++) insertConversation.run(c, c * 2 - 1, c, null, c % 3 === 0 ? 'resolved' : 'open', now, now);
    for (let u = 1; u <= UNKNOWN_CONVERSATIONS; u++) insertConversation.run(HOUSEHOLD_CONVERSATIONS + u, null, null, `+447911${String(100_000 + u)}`, 'open', now, now);
  })();

  const conversations = HOUSEHOLD_CONVERSATIONS + UNKNOWN_CONVERSATIONS;
  const insertMessage = sqlite.prepare(
    'insert into messages (conversation_id, patient_id, direction, channel, address, body, subject, origin, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const last = new Map<number, { at: number; body: string }>();
  const BATCH = 50_000;
  for (let start = 0; start < MESSAGES; start += BATCH) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(MESSAGES, start + BATCH); i++) {
        // A skewed conversation choice: some families write a lot, most a little.
        const c = 1 + Math.floor(random() ** 2 * conversations);
        const known = c <= HOUSEHOLD_CONVERSATIONS;
        const patient = known ? c * 2 - (random() < 0.5 ? 1 : 0) : null;
        const address = known ? patientPhone(patient ?? 1) : `+447911${String(100_000 + c - HOUSEHOLD_CONVERSATIONS)}`;
        const length = 4 + Math.floor(random() * 20);
        const body: string[] = [];
        for (let w = 0; w < length; w++) body.push(words[pick(cumulative, random())] ?? 'you');
        if (random() < 0.0005) body.splice(Math.floor(random() * body.length), 0, RARE[Math.floor(random() * RARE.length)] ?? 'crown');
        if (random() < 0.01) body.push(patientName(patient ?? 1).last);
        const text = body.join(' ');
        const email = random() < 0.1;
        const inbound = random() < 0.4;
        const at = START + i * 60_000;
        insertMessage.run(c, patient, inbound ? 'inbound' : 'outbound', email ? 'email' : 'sms', address, text, email ? `About your ${words[pick(cumulative, random())] ?? 'visit'}` : null, inbound ? 'patient' : 'staff', at);
        last.set(c, { at, body: text });
      }
    })();
  }
  const setLast = sqlite.prepare('update conversations set last_message_at = ?, last_message_preview = ?, updated_at = ? where id = ?');
  sqlite.transaction(() => {
    for (const [c, { at, body }] of last) setLast.run(at, body.slice(0, 120), at, c);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

function build(file: string, migrationsFolder: string): void {
  const tmp = `${file}.building`;
  fs.rmSync(tmp, { force: true });
  const clock = new FakeClock(START);
  const { sqlite } = openDatabase({ file: tmp, migrationsFolder, clock, logger: memoryLogger('warn') });
  fill(sqlite);
  sqlite.close();
  fs.renameSync(tmp, file);
}

/**
 * The cached database file at a stage, built if missing. `beforeIndex` is at the schema before
 * 0007; `migrated` has every migration applied.
 */
export function cachedSearchDatabase(stage: 'beforeIndex' | 'migrated'): string {
  fs.mkdirSync(cacheDir, { recursive: true });
  const base = path.join(cacheDir, `search-${DATA_VERSION}-${MESSAGES}-before-index.sqlite`);
  if (!fs.existsSync(base)) {
    const started = performance.now();
    const folder = migrationsBeforeIndex();
    build(base, folder);
    fs.rmSync(folder, { recursive: true, force: true });
    console.log(`  generated ${MESSAGES.toLocaleString()} messages in ${((performance.now() - started) / 1000).toFixed(1)} s → ${base}`);
  }
  if (stage === 'beforeIndex') return base;
  // Keyed by the migrations' own text, so editing one rebuilds the migrated copy.
  const hash = createHash('sha256');
  for (const entry of readJournal(MIGRATIONS_FOLDER)) hash.update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`)));
  const migrated = path.join(cacheDir, `search-${DATA_VERSION}-${MESSAGES}-migrated-${hash.digest('hex').slice(0, 12)}.sqlite`);
  if (!fs.existsSync(migrated)) {
    const tmp = `${migrated}.building`;
    fs.copyFileSync(base, tmp);
    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-bench-backup-'));
    const { sqlite } = openDatabase({ file: tmp, migrationsFolder: MIGRATIONS_FOLDER, clock: new FakeClock(START), logger: memoryLogger('warn'), backupDir: backups });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    fs.rmSync(backups, { recursive: true, force: true });
    fs.renameSync(tmp, migrated);
  }
  return migrated;
}

/** A fresh copy of a cached stage in `dir` as the app's database file (the benchmarks write to it). */
export function copySearchDatabase(stage: 'beforeIndex' | 'migrated', dir: string, fileName: string): string {
  const source = cachedSearchDatabase(stage);
  const target = path.join(dir, fileName);
  fs.copyFileSync(source, target);
  return target;
}

/** Opens a cached stage read-only for direct query profiling. */
export function openCachedReadOnly(stage: 'beforeIndex' | 'migrated'): Database.Database {
  return new Database(cachedSearchDatabase(stage), { readonly: true });
}
