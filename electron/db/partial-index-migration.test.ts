/**
 * The partial-index migration (0010): a database at 0009 keeps every message and delivery, the
 * indexes whose column is NULL at queue time hold only the rows that have a value, lookups by
 * those columns still use them, and the unique ones still refuse a second equal value while
 * allowing any number of NULLs. (0010 also made deliveries_provider_id_idx partial; a later
 * migration dropped it: drop-deliveries-provider-id-migration.test.ts.)
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

const PARTIAL = {
  messages_dedupe_uq: { table: 'messages', column: 'dedupe_key' },
  messages_provider_id_uq: { table: 'messages', column: 'provider_message_id' },
  messages_broadcast_idx: { table: 'messages', column: 'broadcast_id' },
  deliveries_sent_at_idx: { table: 'deliveries', column: 'sent_at' },
  deliveries_final_at_idx: { table: 'deliveries', column: 'final_at' },
} as const;

/** 120 messages with one delivery each; every third is inbound with a provider sid, every fourth from a broadcast, half sent, a third final. */
function seed(sqlite: Database.Database): void {
  const now = clock.now();
  sqlite
    .prepare(`insert into broadcasts (name, audience, channel_policy, status, created_at, updated_at) values ('Closure', '{}', '{}', 'sending', ?, ?)`)
    .run(now, now);
  const conversation = Number(sqlite.prepare(`insert into conversations (address, created_at, updated_at) values ('+13125550100', ?, ?)`).run(now, now).lastInsertRowid);
  const message = sqlite.prepare(
    `insert into messages (conversation_id, direction, channel, address, body, origin, broadcast_id, dedupe_key, provider_message_id, created_at)
     values (?, ?, 'sms', '+13125550100', ?, ?, ?, ?, ?, ?)`,
  );
  const delivery = sqlite.prepare(
    `insert into deliveries (message_id, channel, address, provider, state, provider_id, sent_at, final_at, created_at, updated_at)
     values (?, 'sms', '+13125550100', 'twilio', ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < 120; i++) {
    const inbound = i % 3 === 0;
    const broadcast = !inbound && i % 4 === 0;
    const id = Number(
      message.run(
        conversation,
        inbound ? 'inbound' : 'outbound',
        `Message ${i}`,
        inbound ? 'patient' : broadcast ? 'broadcast' : 'staff',
        broadcast ? 1 : null,
        broadcast ? `broadcast:1:${i}` : null,
        inbound ? `SM${i}` : null,
        now + i,
      ).lastInsertRowid,
    );
    const sent = i % 2 === 0;
    const final = i % 3 === 0;
    delivery.run(id, final ? 'delivered' : sent ? 'sent' : 'queued', sent ? `SMout${i}` : null, sent ? now + i : null, final ? now + i : null, now, now);
  }
}

function snapshot(sqlite: Database.Database) {
  return {
    messages: sqlite.prepare('select * from messages order by id').all(),
    deliveries: sqlite.prepare('select * from deliveries order by id').all(),
  };
}

describe('partial queue indexes migration', () => {
  it('keeps every row, indexes only the rows with a value, and lookups still use the indexes', () => {
    const file = path.join(makeTempDir('frontdesk-partial-index-db-'), 'frontdesk.db');
    dirs.push(path.dirname(file));
    const before = open(file, migrationsBefore('_partial_queue_indexes', dirs));
    seed(before.sqlite);
    const was = snapshot(before.sqlite);
    before.sqlite.close();

    const after = open(file);
    try {
      const s = after.sqlite;
      expect(snapshot(s)).toEqual(was);
      expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const [name, { table, column }] of Object.entries(PARTIAL)) {
        const sql = (s.prepare(`select sql from sqlite_master where type = 'index' and name = ?`).get(name) as { sql: string }).sql;
        expect(sql, name).toMatch(/ WHERE .* is not null$/);
        // The index holds exactly the rows with a value (read through the index itself).
        const indexed = (s.prepare(`select count(*) n from ${table} indexed by ${name} where ${column} is not null`).get() as { n: number }).n;
        const withValue = (s.prepare(`select count(*) n from ${table} where ${column} is not null`).get() as { n: number }).n;
        expect(indexed, name).toBe(withValue);
        expect(withValue, name).toBeGreaterThan(0);
      }
      // The readers (as the app writes them) still search the partial indexes.
      expect(queryPlan(s, 'select id from messages where dedupe_key = +?', 'broadcast:1:4')).toContain('messages_dedupe_uq');
      expect(queryPlan(s, 'select dedupe_key k, id from messages where dedupe_key in (select value from json_each(?))', '[]')).toContain('messages_dedupe_uq');
      expect(queryPlan(s, 'select id from messages where provider_message_id = +?', 'SM3')).toContain('messages_provider_id_uq');
      expect(queryPlan(s, 'select count(*) from messages where broadcast_id = ?', 1)).toContain('messages_broadcast_idx');
      expect(queryPlan(s, 'select count(*) from deliveries where sent_at >= ? and sent_at < ?', 0, clock.now() + 1000)).toContain('deliveries_sent_at_idx');
      expect(queryPlan(s, 'select count(*) from deliveries where final_at >= ? and final_at < ?', 0, clock.now() + 1000)).toContain('deliveries_final_at_idx');
      expect((s.prepare('select id from messages where provider_message_id = +?').get('SM3') as { id: number }).id).toBe(4);

      // Still unique where there is a value, and any number of rows may have none.
      const insert = s.prepare(
        `insert into messages (conversation_id, direction, channel, address, body, origin, dedupe_key, provider_message_id, created_at)
         values (1, 'inbound', 'sms', '+13125550100', 'again', 'patient', ?, ?, 0)`,
      );
      expect(() => insert.run('broadcast:1:4', null)).toThrow(/UNIQUE constraint failed: messages\.dedupe_key/);
      expect(() => insert.run(null, 'SM3')).toThrow(/UNIQUE constraint failed: messages\.provider_message_id/);
      insert.run(null, null);
      insert.run(null, null);
      expect((s.prepare('select count(*) n from messages').get() as { n: number }).n).toBe(122);
    } finally {
      after.sqlite.close();
    }
  });
});
