/**
 * The inbox-list index migration: a database from before it keeps every conversation and message,
 * and afterwards the list's hot reads (a status filter's first page, the unread total, a
 * conversation's channels) are answered from the new indexes rather than by scanning.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { migrationsBefore } from './migrations-before';
import { makeTempDir, MIGRATIONS_FOLDER, queryPlan } from './test-db';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
const open = (file: string, migrationsFolder = MIGRATIONS_FOLDER) => openDatabase({ file, migrationsFolder, clock, logger: memoryLogger() });

function seed(sqlite: Database.Database): void {
  const now = clock.now();
  const conversation = sqlite.prepare(`insert into conversations (address, status, unread_count, last_message_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?)`);
  const message = sqlite.prepare(
    `insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (?, 'inbound', ?, ?, 'Running late', 'patient', ?)`,
  );
  for (let i = 0; i < 300; i++) {
    const address = `+1312555${String(i).padStart(4, '0')}`;
    const id = Number(conversation.run(address, i % 3 === 0 ? 'resolved' : 'open', i % 7 === 0 ? 2 : 0, now - i * 60_000, now, now).lastInsertRowid);
    message.run(id, i % 2 === 0 ? 'sms' : 'whatsapp', address, now - i * 60_000);
  }
}

describe('inbox list indexes migration', () => {
  it('keeps every row and serves the list hot reads from the new indexes', () => {
    const file = path.join(makeTempDir('frontdesk-inbox-index-db-'), 'frontdesk.db');
    dirs.push(path.dirname(file));
    const before = open(file, migrationsBefore('_inbox_list_indexes', dirs));
    seed(before.sqlite);
    const counts = (sqlite: Database.Database) => ({
      conversations: (sqlite.prepare('select count(*) as n from conversations').get() as { n: number }).n,
      messages: (sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n,
      unread: (sqlite.prepare('select coalesce(sum(unread_count), 0) as n from conversations where unread_count > 0').get() as { n: number }).n,
    });
    const was = counts(before.sqlite);
    before.sqlite.close();

    const after = open(file);
    try {
      expect(counts(after.sqlite)).toEqual(was);
      expect(was.unread).toBe(2 * 43);
      after.sqlite.exec('analyze');
      expect(queryPlan(after.sqlite, `select id from conversations where status = ? order by last_message_at desc, id desc limit 50`, 'open')).toContain(
        'conversations_status_last_idx',
      );
      expect(queryPlan(after.sqlite, `select coalesce(sum(unread_count), 0) from conversations where unread_count > 0`)).toContain('conversations_unread_last_idx');
      expect(queryPlan(after.sqlite, `select group_concat(distinct channel) from messages where conversation_id = ?`, 1)).toContain(
        'messages_conversation_channel_idx',
      );
    } finally {
      after.sqlite.close();
    }
  });
});
