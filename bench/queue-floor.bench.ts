/**
 * The SQLite floor under queueing a first broadcast to 50,000 patients: exactly the rows
 * Engine.queueBatch writes for them (a household each, the patients' household_id, a conversation
 * each, a message and a delivery each), as bare multi-row INSERTs of 50 rows in ONE transaction on
 * the app's schema, with no rules, no rendering and the message search index deferred as queueRun
 * defers it. Then the same with the secondary indexes dropped, the ceiling of any index change.
 * engine-queue.bench.ts's figures can come down towards this, never below it, while these are the
 * rows a broadcast writes (its part b. also writes each recipient's row, not counted here).
 * Prints seconds per table; figures are printed, never asserted.
 *
 *   npx tsx bench/queue-floor.bench.ts [patients]   (or `npm run bench -- queue-floor`)
 */
import { createSandboxProvider } from '../electron/providers/sandbox-provider';
import { multiRowInsertSql } from '../electron/db/multi-row-insert';
import type { AppDb } from '../electron/db/database';
import { benchDir, benchEngine, bulkPatients, round, writeResult } from './engine-support';

const N = Number(process.argv[2] ?? 50_000);
const ROWS_PER_INSERT = 50;

/** The indexes a queue does not read while it writes (the dispatcher's, the inbox's, reports'). */
const SECONDARY_INDEXES = [
  'messages_conversation_channel_idx',
  'messages_patient_created_idx',
  'messages_broadcast_idx',
  'deliveries_due_channel_idx',
  'deliveries_address_idx',
  'conversations_status_last_idx',
  'conversations_last_idx',
  'conversations_patient_idx',
];

function insertMany(db: AppDb, head: string, rows: unknown[][]): number[] {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const sql = multiRowInsertSql(head, (chunk[0] as unknown[]).length, chunk.length, ' returning id');
    ids.push(...(db.$client.prepare(sql).all(...chunk.flat()) as Array<{ id: number }>).map((r) => r.id));
  }
  return ids;
}

async function floorRun(withSecondaryIndexes: boolean): Promise<Record<string, number>> {
  const fx = benchEngine({ dir: benchDir('queue-floor'), providers: { sandbox: createSandboxProvider() }, routes: { sms: 'sandbox' } });
  try {
    const patients = bulkPatients(fx, N);
    const { db } = fx;
    const c = db.$client;
    const now = Date.now();
    c.prepare(`insert into templates (name, category, purpose, fallback_language, created_at, updated_at) values ('closure', 'broadcast', 'transactional', 'en', ?, ?)`).run(now, now);
    c.prepare(`insert into template_versions (template_id, version, content, created_at) values (1, 1, '{}', ?)`).run(now);
    c.prepare(`insert into broadcasts (name, template_id, template_version_id, audience, channel_policy, status, created_at, updated_at) values ('closure', 1, 1, '{}', '{}', 'sending', ?, ?)`).run(now, now);
    if (!withSecondaryIndexes) for (const index of SECONDARY_INDEXES) c.exec(`drop index ${index}`);
    const body = (i: number) => `Hi P${i}, Bright Smile Dental is closed on Friday. Reply STOP to opt out.`;
    const phone = (i: number) => `+1${2_000_000_000 + i}`;
    const context = JSON.stringify({ explicitChannel: false, channels: ['sms'], templateId: 1, templateVersionId: 1 });
    const laps: Record<string, number> = {};
    const lap = <T>(name: string, work: () => T): T => {
      const started = performance.now();
      const value = work();
      laps[name] = round((performance.now() - started) / 1000);
      return value;
    };
    const started = performance.now();
    c.exec('begin');
    c.prepare(`insert into search_index_deferrals (table_name, after_id) values ('messages', 0)`).run();
    const households = lap('households', () => insertMany(db, 'households (created_at, updated_at)', patients.map(() => [now, now])));
    lap('patients', () =>
      c.prepare(`update patients set household_id = j.value ->> '$[1]' from json_each(?) j where patients.id = j.value ->> '$[0]'`).run(JSON.stringify(patients.map((p, i) => [p, households[i]]))),
    );
    const conversations = lap('conversations', () =>
      insertMany(
        db,
        'conversations (patient_id, household_id, status, last_message_at, last_message_preview, created_at, updated_at)',
        patients.map((p, i) => [p, households[i], 'resolved', now, body(i), now, now]),
      ),
    );
    const messages = lap('messages', () =>
      insertMany(
        db,
        'messages (conversation_id, patient_id, direction, channel, address, body, origin, broadcast_id, template_version_id, purpose, render_context, created_at)',
        patients.map((p, i) => [conversations[i], p, 'outbound', 'sms', phone(i), body(i), 'broadcast', 1, 1, 'transactional', context, now]),
      ),
    );
    lap('deliveries', () =>
      insertMany(
        db,
        'deliveries (message_id, channel, address, provider, state, next_attempt_at, segments, created_at, updated_at)',
        patients.map((_, i) => [messages[i], 'sms', phone(i), 'sandbox', 'queued', now, 1, now, now]),
      ),
    );
    lap('commit', () => c.exec('commit'));
    return { seconds: round((performance.now() - started) / 1000), ...laps };
  } finally {
    await fx.dispose();
  }
}

const all = await floorRun(true);
const bare = await floorRun(false);
const show = (r: Record<string, number>) => Object.entries(r).filter(([k]) => k !== 'seconds').map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`queue floor: the rows a first broadcast to ${N.toLocaleString('en-US')} patients writes, bare multi-row INSERTs in one transaction`);
console.log(`  with every index: ${all.seconds} s (${show(all)})`);
console.log(`  without the ${SECONDARY_INDEXES.length} secondary indexes: ${bare.seconds} s (${show(bare)})`);
writeResult('queue-floor', { patients: N, withIndexes: all, withoutSecondaryIndexes: bare });
