/**
 * Set-based equals per row: on random patients (zones, shared and invalid contact points,
 * suppressions, consent histories, quiet-hours overrides, channel orders, archived records, what
 * was already sent or queued today), the rules and the channel choice read from facts loaded
 * set-based (bulk-facts.ts) choose exactly what they choose reading row by row (`chooseChannel`), and
 * `queueBatch` (bulk-queue.ts) writes exactly the rows and returns exactly the outcomes that
 * queueing the same requests one by one with `queue` does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FakeClock } from '../foundation/clock';
import { DomainError } from '../foundation/errors';
import type { Channel } from '../../shared/domain';
import { chooseChannel } from './channel-choice';
import { loadBulkFacts } from './bulk-facts';
import { chooseChannelFrom } from './channel-choice';
import { addConsent, addPatient, addSuppressionRow, makeEngineFixture, type EngineFixture } from './test-support';
import type { QueueOutcome, QueueRequest } from './queue-types';
import { createQueueService, type QueueService } from './queue-service';

const ZONES = [null, 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin', 'Not/AZone'];
const PHONES = ['+12125550101', '+12125550102', '+12125550103', '+12125550104'];
const EMAILS = ['a@example.com', 'b@example.com', 'c@example.com'];
const CHANNELS: Channel[] = ['sms', 'email', 'whatsapp', 'voice'];
// 02:00, 09:00, 15:00 and 23:30 UTC on one day: night and day somewhere in every zone above.
const TIMES = [Date.UTC(2026, 0, 15, 2, 0), Date.UTC(2026, 0, 15, 9, 0), Date.UTC(2026, 0, 15, 15, 0), Date.UTC(2026, 0, 15, 23, 30)];

const patientArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  phone: fc.option(fc.constantFrom(...PHONES), { nil: null }),
  email: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
  invalidPhone: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  archived: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  order: fc.option(fc.subarray(CHANNELS, { minLength: 1 }).chain((c) => fc.shuffledSubarray(c, { minLength: c.length })), { nil: undefined }),
  quiet: fc.constantFrom(undefined, null, { none: true as const }, { start: '22:00', end: '07:00' }, { start: '00:00', end: '23:59' }),
  consent: fc.array(fc.tuple(fc.constantFrom<Channel>('sms', 'email'), fc.constantFrom('transactional' as const, 'marketing' as const), fc.constantFrom('opted_in' as const, 'opted_out' as const)), { maxLength: 4 }),
  sentToday: fc.integer({ min: 0, max: 3 }),
  queuedToday: fc.integer({ min: 0, max: 3 }),
});
const worldArb = fc.record({
  patients: fc.array(patientArb, { minLength: 1, maxLength: 5 }),
  suppressed: fc.subarray([...PHONES.map((p) => ['sms', p] as const), ...EMAILS.map((e) => ['email', e] as const)], { maxLength: 3 }),
  at: fc.constantFrom(...TIMES),
  cap: fc.integer({ min: 1, max: 4 }),
});
const requestArb = fc.record({
  who: fc.nat(),
  purpose: fc.constantFrom('transactional' as const, 'marketing' as const),
  emergency: fc.boolean(),
  explicit: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined, freq: 4 }),
  channels: fc.option(fc.subarray(CHANNELS, { minLength: 1 }), { nil: undefined, freq: 3 }),
  origin: fc.constantFrom('broadcast' as const, 'reminder' as const, 'auto_reply' as const, 'system' as const),
  answersPatient: fc.boolean(),
  dedupe: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  notBefore: fc.constantFrom(null, 0, 3_600_000, 86_400_000),
  template: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'missing', 'literal'),
});

let fx: EngineFixture;
let clock: FakeClock;
let service: QueueService;
beforeAll(() => {
  clock = new FakeClock(TIMES[0] as number);
  fx = makeEngineFixture({ clock });
  service = createQueueService({
    db: fx.db,
    clock,
    clinic: () => fx.clinic,
    providerFor: (channel) => (channel === 'email' ? 'smtp' : 'sandbox'),
    unsubscribeUrlFor: (address) => `https://clinic.example/u?e=${address}`,
    afterQueue: () => undefined,
  });
  const now = clock.now();
  const sq = fx.db.$client;
  sq.prepare(`insert into templates (id, name, category, purpose, fallback_language, created_at, updated_at) values (1, 'note', 'broadcast', 'transactional', 'en', ?, ?)`).run(now, now);
  const content = { en: { sms: { body: 'Hi {{ patient.firstName }}, from {{ clinic.name }}.' }, email: { subject: 'Hello {{ patient.firstName }}', body: 'A note for {{ patient.fullName }}.' }, voice: { script: 'A call for {{ patient.firstName }}.' } } };
  sq.prepare(`insert into template_versions (id, template_id, version, content, created_at) values (1, 1, 1, ?, ?)`).run(JSON.stringify(content), now);
  sq.prepare('update templates set current_version_id = 1 where id = 1').run();
});
afterAll(async () => {
  await fx.dispose();
});

type Infer<A> = A extends fc.Arbitrary<infer T> ? T : never;
type World = Infer<typeof worldArb>;

/** Writes the world inside the caller's transaction; returns the patient ids. */
function seed(world: World): number[] {
  const sq = fx.db.$client;
  clock.set(world.at);
  fx.clinic.dailyCap = world.cap;
  fx.clinic.quietHours = { start: '21:00', end: '08:00' };
  const ids = world.patients.map((p, i) =>
    addPatient(fx.db, { firstName: `P${i}`, timeZone: p.zone, phone: p.phone, email: p.email, archived: p.archived, channelOrder: p.order, quietOverride: p.quiet }),
  );
  world.patients.forEach((p, i) => {
    const id = ids[i] as number;
    if (p.invalidPhone && p.phone) sq.prepare(`update contact_points set status = 'invalid' where patient_id = ? and kind = 'phone'`).run(id);
    for (const [channel, purpose, status] of p.consent) addConsent(fx.db, id, channel, purpose, status);
    const conv = Number(sq.prepare(`insert into conversations (patient_id, status, created_at, updated_at) values (?, 'resolved', 0, 0)`).run(id).lastInsertRowid);
    const message = sq.prepare(
      `insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, purpose, created_at) values (?, ?, 'outbound', 'sms', 'x', 'earlier', 'system', 'transactional', ?)`,
    );
    const delivery = sq.prepare(
      `insert into deliveries (message_id, channel, address, provider, state, next_attempt_at, sent_at, created_at, updated_at) values (?, 'sms', 'x', 'sandbox', ?, ?, ?, 0, 0)`,
    );
    for (let k = 0; k < p.sentToday; k++) delivery.run(Number(message.run(conv, id, world.at).lastInsertRowid), 'sent', null, world.at - 60_000 * (k + 1));
    for (let k = 0; k < p.queuedToday; k++) delivery.run(Number(message.run(conv, id, world.at).lastInsertRowid), 'queued', world.at + 60_000 * (k + 1), null);
  });
  for (const [channel, address] of world.suppressed) addSuppressionRow(fx.db, channel, address);
  return ids;
}

/** Runs `fn` on the seeded world and rolls everything back. */
async function inScratch<T>(world: World, fn: (ids: number[]) => Promise<T> | T): Promise<T> {
  const sq = fx.db.$client;
  sq.exec('begin');
  try {
    return await fn(seed(world));
  } finally {
    sq.exec('rollback');
  }
}

describe('rules from set-based facts', () => {
  it('choose the same channel, address and decision as the per-row chooseChannel', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(requestArb, { minLength: 1, maxLength: 10 }), async (world, requests) => {
        await inScratch(world, (ids) => {
          const now = clock.now();
          const facts = loadBulkFacts(fx.db, ids, fx.clinic.timeZone, now);
          for (const r of requests) {
            const patientId = ids[r.who % ids.length] as number;
            const exclude = r.channels ? new Set(CHANNELS.filter((c) => !r.channels?.includes(c))) : undefined;
            const input = { patientId, explicit: r.explicit ?? null, purpose: r.purpose, emergency: r.emergency, exclude, holdExempt: r.answersPatient };
            expect(chooseChannelFrom(facts, input, fx.clinic, now)).toEqual(chooseChannel(fx.db, input, fx.clinic, now));
          }
          // Routing facts (a broadcast grouping by address) answer where a message goes exactly as the full set,
          // and never pretend to know a rule's fact they did not read.
          const routing = loadBulkFacts(fx.db, ids, fx.clinic.timeZone, now, 'routing');
          for (const id of ids) {
            expect([routing.patient(id), routing.channelOrder(id), routing.contactPoints(id), routing.householdId(id)]).toEqual([
              facts.patient(id),
              facts.channelOrder(id),
              facts.contactPoints(id),
              facts.householdId(id),
            ]);
          }
          // Good for a run later the same local day, never for the next day or another clinic zone.
          expect(facts.reusableAt(fx.clinic.timeZone, now + 1)).toBe(true);
          if (ids.some((id) => facts.patient(id))) expect(facts.reusableAt(fx.clinic.timeZone, now + 86_400_000)).toBe(false);
          expect(facts.reusableAt('Pacific/Auckland', now)).toBe(fx.clinic.timeZone === 'Pacific/Auckland');
          expect(() => routing.latestConsent(ids[0] as number, 'sms', 'marketing')).toThrow(/not loaded/);
          expect(() => routing.suppressed('sms', '+12125550100')).toThrow(/not loaded/);
        });
      }),
      { numRuns: 150, seed: 1301 },
    );
  });
});

const ROWS = {
  messages: 'select * from messages order by id',
  deliveries: 'select * from deliveries order by id',
  conversations: 'select * from conversations order by id',
  households: 'select id, (select group_concat(p.id) from patients p where p.household_id = h.id) members from households h order by id',
};

function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(ROWS).map(([k, sql]) => [k, fx.db.$client.prepare(sql).all()]));
}

function toRequests(ids: number[], requests: Array<Infer<typeof requestArb>>, now: number): QueueRequest[] {
  return requests.map((r) => ({
    to: { patientId: r.who % 25 === 24 ? 999_999 : (ids[r.who % ids.length] as number) },
    ...(r.explicit ? { channel: r.explicit } : {}),
    ...(r.channels ? { channels: r.channels } : {}),
    origin: r.origin,
    purpose: r.purpose,
    emergency: r.emergency,
    answersPatient: r.answersPatient,
    ...(r.template === 'literal' ? { body: 'Closed on Friday' } : { templateId: r.template === 'ok' ? 1 : 42 }),
    dedupeKey: r.dedupe === null ? null : `test:${r.dedupe}`,
    notBefore: r.notBefore === null ? null : now + r.notBefore,
    broadcastId: null,
  }));
}

describe('queueBatch at SQLite speed', () => {
  it('writes the same rows and returns the same outcomes as queueing one by one', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(requestArb, { minLength: 1, maxLength: 16 }), fc.integer({ min: 1, max: 6 }), async (world, requests, slice) => {
        await inScratch(world, async (ids) => {
          const sq = fx.db.$client;
          const batch = toRequests(ids, requests, clock.now());
          sq.exec('savepoint one_by_one');
          const expected: QueueOutcome[] = [];
          for (const r of batch) {
            try {
              expected.push(service.queue(r));
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              expected.push({ status: 'refused', reason: 'permanent_error', detail: error.message });
            }
          }
          const rowsOneByOne = snapshot();
          sq.exec('rollback to one_by_one');
          // A few rows per slice too, so runs and slices both have edges inside the batch.
          const got = await service.queueBatch(batch, { maxPerSlice: slice });
          expect(got).toEqual(expected);
          expect(snapshot()).toEqual(rowsOneByOne);
          // As a broadcast calls it: the caller's facts for the first slice, search left to the catch-up.
          sq.exec('rollback to one_by_one');
          const facts = loadBulkFacts(fx.db, batch.map((r) => ('patientId' in r.to ? r.to.patientId : -1)), fx.clinic.timeZone, clock.now());
          expect(await service.queueBatch(batch, { maxPerSlice: slice, facts, deferSearchIndex: true })).toEqual(expected);
          expect(snapshot()).toEqual(rowsOneByOne);
          sq.exec('release one_by_one');
        });
      }),
      { numRuns: 120, seed: 1302 },
    );
  });
});
