/**
 * The suppression-write count the sending path compares before posting (suppression-changes.ts):
 * every kind of write to `suppressions` on the connection moves it, through the app's repos or raw
 * SQL, rolled back or not, so a changed list is never mistaken for an unchanged one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { insertSuppression, liftSuppressions } from '../repos/consent-repo';
import { suppressionChanges } from './suppression-changes';
import { addSuppressionRow } from './test-support';

let temp: TempDatabase | null = null;
afterEach(() => {
  temp?.dispose();
  temp = null;
});

describe('suppression changes', () => {
  it('moves on every insert, lift and delete, and only then', () => {
    temp = openTempDatabase();
    const { db } = temp;
    const changes = suppressionChanges(db);
    expect(suppressionChanges(db)).toBe(changes);
    const start = changes.count();

    db.$client.prepare(`insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values ('A', 'B', 'en', '[]', 0, 0, 0)`).run();
    expect(changes.count()).toBe(start);

    insertSuppression(db, { channel: 'sms', address: '+12125550001', reason: 'stop_keyword', detail: null, now: 1 });
    const afterInsert = changes.count();
    expect(afterInsert).toBeGreaterThan(start);

    addSuppressionRow(db, 'email', 'a@b.test');
    const afterRaw = changes.count();
    expect(afterRaw).toBeGreaterThan(afterInsert);

    expect(liftSuppressions(db, 'sms', '+12125550001', ['stop_keyword'], 'staff', 2)).toBe(1);
    const afterLift = changes.count();
    expect(afterLift).toBeGreaterThan(afterRaw);

    db.$client.prepare(`delete from suppressions where channel = 'email'`).run();
    expect(changes.count()).toBeGreaterThan(afterLift);
  });

  it('counts a write that was rolled back (the next check then asks the database)', () => {
    temp = openTempDatabase();
    const { db } = temp;
    const changes = suppressionChanges(db);
    const start = changes.count();
    const failing = db.$client.transaction(() => {
      addSuppressionRow(db, 'sms', '+12125550002');
      throw new Error('rolled back');
    });
    expect(() => failing()).toThrow('rolled back');
    expect((db.$client.prepare('select count(*) n from suppressions').get() as { n: number }).n).toBe(0);
    expect(changes.count()).toBeGreaterThan(start);
  });
});
