/**
 * Deferred search indexing (migration 0009 + withDeferredSearchIndex): whatever mix of inserts,
 * edits and deletes runs inside or outside a deferred block, or in one that fails and rolls back,
 * the three search indexes end up exactly as the per-row triggers would have left them.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openTempDatabase, type TempDatabase } from '../db/test-db';
import { catchUpSearchIndex, deferSearchIndex, searchIndexBehind, withDeferredSearchIndex } from './search-deferred-index';

const open: TempDatabase[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.dispose();
});

function fresh(): TempDatabase {
  const t = openTempDatabase();
  open.push(t);
  const s = t.sqlite;
  s.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values ('Conv', 'Owner', 0, 0)`).run();
  s.prepare(`insert into conversations (patient_id, created_at, updated_at) values (1, 0, 0)`).run();
  return t;
}

/** FTS5's own check that an external-content index agrees with its table (rank 1 compares the content). */
function integrityOk(s: Database.Database, table: 'patients_fts' | 'messages_fts'): boolean {
  try {
    s.prepare(`insert into ${table}(${table}, rank) values ('integrity-check', 1)`).run();
    return true;
  } catch {
    return false;
  }
}

const rows = (s: Database.Database, sql: string, ...params: unknown[]) => s.prepare(sql).all(...params);

/** What every index should hold, read from the tables themselves. */
function expectIndexesMatchTables(s: Database.Database): void {
  expect(integrityOk(s, 'patients_fts')).toBe(true);
  expect(integrityOk(s, 'messages_fts')).toBe(true);
  expect(rows(s, `select rowid as id, digits from phone_digits_fts order by rowid`)).toEqual(
    rows(s, `select id, replace(value, '+', '') as digits from contact_points where kind = 'phone' order by id`),
  );
  for (const word of WORDS) {
    expect(rows(s, `select rowid as id from patients_fts where patients_fts match ? order by rowid`, `"${word}"`)).toEqual(
      rows(s, `select id from patients where (' ' || first_name || ' ' || last_name || ' ') like ? order by id`, `% ${word} %`),
    );
    expect(rows(s, `select rowid as id from messages_fts where messages_fts match ? order by rowid`, `"${word}"`)).toEqual(
      rows(s, `select id from messages where (' ' || body || ' ') like ? order by id`, `% ${word} %`),
    );
  }
  expect(rows(s, 'select * from search_index_deferrals')).toEqual([]);
}

const WORDS = ['maya', 'omar', 'bennett', 'shah', 'closed', 'friday', 'reply'] as const;
const word = fc.constantFrom(...WORDS);
const text = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
const pick = fc.nat({ max: 50 });

type Op =
  | { kind: 'patient'; first: string; last: string; phone: number }
  | { kind: 'rename'; pick: number; last: string }
  | { kind: 'rephone'; pick: number; phone: number }
  | { kind: 'dropPatient'; pick: number }
  | { kind: 'message'; body: string }
  | { kind: 'edit'; pick: number; body: string }
  | { kind: 'dropMessage'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('patient' as const), first: word, last: word, phone: fc.integer({ min: 1000, max: 9999 }) }),
  fc.record({ kind: fc.constant('rename' as const), pick, last: word }),
  fc.record({ kind: fc.constant('rephone' as const), pick, phone: fc.integer({ min: 1000, max: 9999 }) }),
  fc.record({ kind: fc.constant('dropPatient' as const), pick }),
  fc.record({ kind: fc.constant('message' as const), body: text }),
  fc.record({ kind: fc.constant('edit' as const), pick, body: text }),
  fc.record({ kind: fc.constant('dropMessage' as const), pick }),
);

const block = fc.record({ deferred: fc.boolean(), fails: fc.boolean(), ops: fc.array(op, { maxLength: 8 }) });

/** The nth existing row of a table (wrapping), or none. */
function nth(s: Database.Database, table: string, n: number, extra = ''): number | undefined {
  const ids = (s.prepare(`select id from ${table} where id > 1 ${extra} order by id`).all() as Array<{ id: number }>).map((r) => r.id);
  return ids.length === 0 ? undefined : ids[n % ids.length];
}

function apply(s: Database.Database, o: Op): void {
  switch (o.kind) {
    case 'patient': {
      const id = Number(s.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values (?, ?, 0, 0)`).run(o.first, o.last).lastInsertRowid);
      s.prepare(`insert into contact_points (patient_id, kind, value, created_at, updated_at) values (?, 'phone', ?, 0, 0)`).run(id, `+1212555${o.phone}`);
      return;
    }
    case 'rename': {
      const id = nth(s, 'patients', o.pick);
      if (id !== undefined) s.prepare('update patients set last_name = ? where id = ?').run(o.last, id);
      return;
    }
    case 'rephone': {
      const id = nth(s, 'contact_points', o.pick);
      if (id !== undefined) s.prepare('update contact_points set value = ? where id = ?').run(`+1312555${o.phone}`, id);
      return;
    }
    case 'dropPatient': {
      const id = nth(s, 'patients', o.pick);
      if (id === undefined) return;
      s.prepare('delete from contact_points where patient_id = ?').run(id);
      s.prepare('delete from patients where id = ?').run(id);
      return;
    }
    case 'message':
      s.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'outbound', 'sms', '+1', ?, 'broadcast', 0)`).run(o.body);
      return;
    case 'edit': {
      const id = nth(s, 'messages', o.pick, 'or id = 1');
      if (id !== undefined) s.prepare('update messages set body = ? where id = ?').run(o.body, id);
      return;
    }
    case 'dropMessage': {
      const id = nth(s, 'messages', o.pick, 'or id = 1');
      if (id !== undefined) s.prepare('delete from messages where id = ?').run(id);
      return;
    }
  }
}

class Planned extends Error {}

describe('deferred search indexing', () => {
  it('leaves every index as the per-row triggers would, for any mix of deferred, plain and failed blocks', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        const t = fresh();
        const s = t.sqlite;
        for (const b of blocks) {
          const body = () => {
            for (const o of b.ops) apply(s, o);
            if (b.fails) throw new Planned('rolled back on purpose');
          };
          try {
            s.transaction(() => (b.deferred ? withDeferredSearchIndex(t.db, ['patients', 'contact_points', 'messages'], body) : body()))();
          } catch (error) {
            if (!(error instanceof Planned)) throw error;
          }
        }
        expectIndexesMatchTables(s);
        t.dispose();
        open.splice(open.indexOf(t), 1);
      }),
      { numRuns: 40 },
    );
  });

  it('skips the triggers only for the deferred tables and only above their mark, until the writer indexes', () => {
    const t = fresh();
    const s = t.sqlite;
    s.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'outbound', 'sms', '+1', 'closed friday', 'broadcast', 0)`).run();
    let seenInside: unknown[] = [];
    withDeferredSearchIndex(t.db, ['messages'], () => {
      s.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'outbound', 'sms', '+1', 'closed friday again', 'broadcast', 0)`).run();
      // Patients are not deferred here: their trigger still runs.
      s.prepare(`insert into patients (first_name, last_name, created_at, updated_at) values ('Maya', 'Bennett', 0, 0)`).run();
      seenInside = rows(s, `select rowid as id from messages_fts where messages_fts match 'friday'`);
      expect(rows(s, `select rowid as id from patients_fts where patients_fts match 'bennett'`)).toHaveLength(1);
      // The check would catch a row the writer forgot to index.
      expect(integrityOk(s, 'messages_fts')).toBe(false);
    });
    expect(seenInside).toEqual([{ id: 1 }]);
    expect(rows(s, `select rowid as id from messages_fts where messages_fts match 'friday' order by rowid`)).toEqual([{ id: 1 }, { id: 2 }]);
    expectIndexesMatchTables(s);
  });

  it('leaves a nested deferral of the same table to the outer one', () => {
    const t = fresh();
    const s = t.sqlite;
    const insert = (body: string) =>
      s.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'outbound', 'sms', '+1', ?, 'broadcast', 0)`).run(body);
    withDeferredSearchIndex(t.db, ['messages'], () => {
      insert('maya');
      withDeferredSearchIndex(t.db, ['messages'], () => insert('omar'));
      expect(rows(s, 'select table_name from search_index_deferrals')).toEqual([{ table_name: 'messages' }]);
      insert('shah');
    });
    expect(rows(s, `select count(*) as n from messages_fts where messages_fts match 'maya OR omar OR shah'`)).toEqual([{ n: 3 }]);
    expectIndexesMatchTables(s);
  });

  it('catches up rows left for later, in steps of any size, whatever was edited, deleted or rolled back meanwhile', () => {
    const step = fc.record({ kind: fc.constant('step' as const), rows: fc.integer({ min: 1, max: 4 }) });
    const later = fc.record({ kind: fc.constant('later' as const), fails: fc.boolean(), ops: fc.array(op, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(fc.oneof(block, later, step), { minLength: 1, maxLength: 8 }), (parts) => {
        const t = fresh();
        const s = t.sqlite;
        for (const part of parts) {
          if ('rows' in part) {
            catchUpSearchIndex(t.db, 'messages', part.rows);
            continue;
          }
          const body = () => {
            if (!('deferred' in part)) deferSearchIndex(t.db, 'messages');
            for (const o of part.ops) apply(s, o);
            if (part.fails) throw new Planned('rolled back on purpose');
          };
          try {
            s.transaction(() => ('deferred' in part && part.deferred ? withDeferredSearchIndex(t.db, ['patients', 'contact_points', 'messages'], body) : body()))();
          } catch (error) {
            if (!(error instanceof Planned)) throw error;
          }
        }
        let steps = 0;
        while (!catchUpSearchIndex(t.db, 'messages', 3).caughtUp) steps++;
        expect(steps).toBeLessThan(100);
        expect(searchIndexBehind(t.db, 'messages')).toBe(false);
        expectIndexesMatchTables(s);
        t.dispose();
        open.splice(open.indexOf(t), 1);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps rows left for later out of the index until a step reaches them, and moves the mark only past what it indexed', () => {
    const t = fresh();
    const s = t.sqlite;
    const insert = (body: string) =>
      s.prepare(`insert into messages (conversation_id, direction, channel, address, body, origin, created_at) values (1, 'outbound', 'sms', '+1', ?, 'broadcast', 0)`).run(body);
    insert('maya');
    s.transaction(() => {
      deferSearchIndex(t.db, 'messages');
      for (const w of ['omar', 'shah', 'bennett']) insert(w);
    })();
    // A staff reply written while the mark stands waits for the catch-up too.
    insert('reply');
    const found = (w: string) => rows(s, `select rowid as id from messages_fts where messages_fts match ?`, w);
    expect(found('maya')).toEqual([{ id: 1 }]);
    expect(found('omar')).toEqual([]);
    expect(rows(s, 'select table_name, after_id from search_index_deferrals')).toEqual([{ table_name: 'messages', after_id: 1 }]);
    expect(catchUpSearchIndex(t.db, 'messages', 2)).toEqual({ indexed: 2, caughtUp: false });
    expect(rows(s, 'select after_id from search_index_deferrals')).toEqual([{ after_id: 3 }]);
    expect(found('shah')).toEqual([{ id: 3 }]);
    expect(found('bennett')).toEqual([]);
    expect(catchUpSearchIndex(t.db, 'messages', 2)).toEqual({ indexed: 2, caughtUp: true });
    expect(found('reply')).toEqual([{ id: 5 }]);
    // Back to the per-row triggers.
    insert('friday');
    expect(found('friday')).toEqual([{ id: 6 }]);
    expectIndexesMatchTables(s);
    expect(() => catchUpSearchIndex(t.db, 'messages', 0)).toThrow(/positive integer/);
  });
});
