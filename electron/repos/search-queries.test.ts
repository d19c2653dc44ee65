/**
 * Search SQL on a real database: a household's conversation is found by any member's name or
 * phone (not only the member it was opened for), message search reads newest-first or ranked,
 * and a result row found by name names its newest matching message even outside the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { listConversations } from './inbox-queries';
import { prepareSearch, searchMessages } from './search-queries';

let t: TempDatabase;
const ids = { lopez: 0, shah: 0, oldPark: 0, parkTwice: 0, parkOnce: 0 };

beforeAll(() => {
  t = openTempDatabase();
  const now = t.clock.now();
  const run = (source: string, ...params: unknown[]) => Number(t.sqlite.prepare(source).run(...params).lastInsertRowid);
  const household = () => run(`insert into households (created_at, updated_at) values (?, ?)`, now, now);
  const patient = (first: string, last: string, h: number, phone: string) => {
    const id = run(`insert into patients (first_name, last_name, household_id, created_at, updated_at) values (?, ?, ?, ?, ?)`, first, last, h, now, now);
    run(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?, 'phone', ?, ?, ?)`, id, phone, now, now);
    return id;
  };
  const lopezHome = household();
  const noah = patient('Noah', 'Lopez', lopezHome, '+447700900111');
  patient('Emma', 'Bennett', lopezHome, '+447700900222'); // the stepdaughter: not the conversation's patient
  const shahHome = household();
  const omar = patient('Omar', 'Shah', shahHome, '+13125550147');
  const conversation = (p: number, h: number, at: number) =>
    run(`insert into conversations (patient_id, household_id, last_message_at, created_at, updated_at) values (?, ?, ?, ?, ?)`, p, h, at, now, now);
  ids.lopez = conversation(noah, lopezHome, now + 10);
  ids.shah = conversation(omar, shahHome, now + 20);
  const message = (c: number, body: string, subject: string | null = null) =>
    run(`insert into messages (conversation_id, direction, channel, address, body, subject, origin, created_at) values (?, 'inbound', 'sms', '+1', ?, ?, 'patient', ?)`, c, body, subject, now);
  ids.oldPark = message(ids.lopez, 'Emma Bennett asks where to park');
  for (let i = 0; i < 30; i++) message(ids.shah, `parking note ${i}`);
  ids.parkTwice = message(ids.shah, 'parking parking?');
  ids.parkOnce = message(ids.shah, 'is there parking near the clinic on a Saturday morning');
});
afterAll(() => t.dispose());

const titles = (search: string) => listConversations(t.db, { filter: { status: 'all' }, search, limit: 50 }).items.map((i) => i.id);

describe('search queries', () => {
  it('finds a household conversation by any member’s name or phone', () => {
    expect(titles('Bennett')).toEqual([ids.lopez]);
    expect(titles('emma benn')).toEqual([ids.lopez]);
    expect(titles('7700 900222')).toEqual([ids.lopez]);
    expect(titles('+44 7700 900111')).toEqual([ids.lopez]);
    expect(titles('0147')).toEqual([ids.shah]);
    expect(titles('7700 900')).toEqual([ids.lopez]);
    expect(titles('Nobody')).toEqual([]);
  });

  it('names the newest matching message for a row found by words or by name', () => {
    const found = listConversations(t.db, { filter: { status: 'all' }, search: 'park', limit: 50 }).items;
    expect(found.map((i) => [i.id, i.match?.messageId])).toEqual([
      [ids.shah, ids.parkOnce],
      [ids.lopez, ids.oldPark],
    ]);
    const prepared = prepareSearch(t.db, 'park');
    expect(prepared?.hits.get(ids.shah)?.messageId).toBe(ids.parkOnce);
  });

  it('reads messages newest first, or ranked with the best match first', () => {
    expect(searchMessages(t.db, 'park', { order: 'newest', limit: 3 }).map((h) => h.messageId)).toEqual([ids.parkOnce, ids.parkTwice, ids.parkTwice - 1]);
    const ranked = searchMessages(t.db, 'park', { order: 'ranked', limit: 3 });
    expect(ranked[0]?.messageId).toBe(ids.parkTwice);
    expect(ranked.every((h, i) => i === 0 || (h.score ?? 0) <= (ranked[i - 1]?.score ?? 0))).toBe(true);
    expect(searchMessages(t.db, '?!', { order: 'ranked', limit: 3 })).toEqual([]);
  });
});
