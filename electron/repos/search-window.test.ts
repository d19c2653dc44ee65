/**
 * The lazy newest-first window gives exactly what FTS5's own prefix query gives, for any mix of
 * messages and any search words (short and long prefixes, case and diacritics, words in the
 * subject), including when the candidates run out and when they do not.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { newestMatchIds } from './search-window';
import { ftsQuery } from './search-queries';

const VOCABULARY = ['appointment', 'appointments', 'Apple', 'apply', 'reschedule', 'résumé', 'results', 'RESULT', 'rest', 'parking', 'park', 'Zoë', 'zoo', 'the', 'then', 'thanks', 'a'];
let t: TempDatabase;
let conversation = 0;

beforeAll(() => {
  t = openTempDatabase();
  const now = t.clock.now();
  conversation = Number(t.sqlite.prepare(`insert into conversations (address, created_at, updated_at) values ('+15555550100', ?, ?)`).run(now, now).lastInsertRowid);
});
afterAll(() => t.dispose());

const exact = (text: string, n: number) =>
  (t.sqlite.prepare(`select rowid as id from messages_fts where messages_fts match ? order by rowid desc limit ?`).all(ftsQuery(text), n) as Array<{ id: number }>).map((r) => r.id);

describe('the newest-first search window', () => {
  it('matches FTS5 exactly', () => {
    const message = fc.record({
      body: fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')),
      subject: fc.option(fc.constantFrom(...VOCABULARY), { nil: null }),
    });
    const word = fc.tuple(fc.constantFrom(...VOCABULARY), fc.integer({ min: 1, max: 12 })).map(([w, n]) => w.slice(0, n));
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 6 }), (messages, words, n) => {
        t.sqlite.prepare('delete from messages').run();
        const insert = t.sqlite.prepare(`insert into messages (conversation_id, direction, channel, address, body, subject, origin, created_at) values (?, 'inbound', 'email', '+15555550100', ?, ?, 'patient', 0)`);
        for (const m of messages) insert.run(conversation, m.body, m.subject);
        const text = words.join(' ');
        expect(newestMatchIds(t.db, text, n)).toEqual(exact(text, n));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('gives up on the candidates early for a rare word under a common prefix, and still answers exactly', () => {
    t.sqlite.prepare('delete from messages').run();
    const insert = t.sqlite.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (?, 'inbound', 'sms', '+15555550100', ?, 'patient', 0)`);
    for (let i = 0; i < 400; i++) insert.run(conversation, i % 150 === 7 ? 'my appointment' : 'an apple a day');
    expect(newestMatchIds(t.db, 'appoint', 50)).toEqual(exact('appoint', 50));
    expect(newestMatchIds(t.db, 'appoint', 50)).toHaveLength(3);
    expect(newestMatchIds(t.db, 'apple', 50)).toEqual(exact('apple', 50));
  });

  it('finds nothing for punctuation alone', () => {
    expect(newestMatchIds(t.db, ' ?! ', 5)).toEqual([]);
  });
});
