/**
 * The conversation each row of a bulk run goes into, created where missing exactly as
 * householdConversationId would, in the run's order: a household for a patient without one, then
 * the household's thread, holding the run's first message to it as its last. Set-based: one
 * insert of the new households, one update of their patients and one insert of the new threads
 * per run, instead of three statements per new recipient (a first broadcast creates them all).
 * A run with a patient who shares a contact point with someone but has no household yet goes row
 * by row (householdConversationId may then join households, which moves other patients' threads).
 */
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';
import { householdConversationId } from '../repos/households-repo';
import type { BulkFacts } from './bulk-facts';

const IDS = 'select value from json_each(?)';

/** One row that needs a conversation: its patient and the preview of the message it adds. */
export interface ThreadNeed {
  patientId: number;
  preview: string;
}

/** The row's conversation; `created` for the row whose message the new thread already shows as its last. */
export interface ThreadFor {
  id: number;
  created: boolean;
}

/** Households and their conversations for a run, created on first use as householdConversationId does, row by row. */
function conversationsFor(db: AppDb, facts: BulkFacts, patientIds: readonly number[], now: number) {
  const unassigned = [...new Set(patientIds.filter((id) => facts.patient(id) && facts.householdId(id) === null))];
  // Those sharing a contact point with someone go through syncHouseholds (it may join households).
  const withMates = withMatesOf(facts, unassigned);
  const households = [...new Set(patientIds.map((id) => facts.householdId(id)).filter((h): h is number => h !== null))];
  const byHousehold = new Map<number, number>(
    (stmt(db, `select household_id h, id from conversations where household_id in (${IDS})`).all(JSON.stringify(households)) as Array<{ h: number; id: number }>).map(
      (r) => [r.h, r.id],
    ),
  );
  const householdOf = new Map<number, number>();
  // After a household sync, other patients' households (and threads) may have moved: per row from then on.
  let perRow = false;
  /**
   * The patient's conversation; `created` when this call made it, already holding `preview` as
   * its last message at `now` (what recordOutboundFast would write next), one statement fewer.
   */
  return (patientId: number, open: boolean, preview: string): { id: number; created: boolean } => {
    if (perRow) return { id: householdConversationId(db, patientId, now, { open }), created: false };
    let h = householdOf.get(patientId) ?? facts.householdId(patientId);
    if (h === null && withMates.has(patientId)) {
      perRow = true;
      return { id: householdConversationId(db, patientId, now, { open }), created: false };
    }
    if (h === null) {
      h = Number(stmt(db, 'insert into households (created_at, updated_at) values (?, ?)').run(now, now).lastInsertRowid);
      stmt(db, 'update patients set household_id = ? where id = +?').run(h, patientId);
    }
    householdOf.set(patientId, h);
    const existing = byHousehold.get(h);
    if (existing !== undefined) return { id: existing, created: false };
    const id = Number(
      stmt(
        db,
        'insert into conversations (patient_id, household_id, status, last_message_at, last_message_preview, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
      ).run(patientId, h, open ? 'open' : 'resolved', now, preview, now, now).lastInsertRowid,
    );
    byHousehold.set(h, id);
    return { id, created: true };
  };
}


/** Patients among `unassigned` who share a contact point with another patient (read from the run's facts). */
function withMatesOf(facts: BulkFacts, unassigned: readonly number[]): Set<number> {
  return new Set(unassigned.filter((p) => facts.contactPoints(p).some((c) => facts.sharesAddress(c.kind, c.value))));
}

/** Ids of rows one INSERT ... SELECT over a JSON array wrote, in the array's order. */
function insertedIds(rows: unknown[]): number[] {
  return (rows as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b);
}

/** The conversation of each need, in order (see the module comment). */
export function resolveConversations(db: AppDb, facts: BulkFacts, runPatientIds: readonly number[], needs: readonly ThreadNeed[], now: number): ThreadFor[] {
  const unassigned = [...new Set(needs.map((n) => n.patientId).filter((id) => facts.householdId(id) === null))];
  if (withMatesOf(facts, unassigned).size > 0) {
    const conversationOf = conversationsFor(db, facts, runPatientIds, now);
    return needs.map((n) => conversationOf(n.patientId, false, n.preview));
  }
  const householdOf = new Map<number, number>();
  if (unassigned.length > 0) {
    const ids = insertedIds(
      stmt(db, 'insert into households (created_at, updated_at) select ?, ? from json_each(?) order by key returning id').all(now, now, JSON.stringify(unassigned)),
    );
    unassigned.forEach((p, i) => householdOf.set(p, ids[i] as number));
    stmt(db, `update patients set household_id = j.value ->> '$[1]' from json_each(?) j where patients.id = j.value ->> '$[0]'`).run(
      JSON.stringify(unassigned.map((p) => [p, householdOf.get(p)])),
    );
  }
  const household = (patientId: number) => (householdOf.get(patientId) ?? facts.householdId(patientId)) as number;
  const households = [...new Set(needs.map((n) => household(n.patientId)))];
  const byHousehold = new Map<number, number>(
    (stmt(db, `select household_id h, id from conversations where household_id in (${IDS})`).all(JSON.stringify(households)) as Array<{ h: number; id: number }>).map(
      (r) => [r.h, r.id],
    ),
  );
  // New threads in order of first use: the patient and preview of the row that first needs each.
  const firstNeed = new Map<number, number>();
  needs.forEach((n, i) => {
    const h = household(n.patientId);
    if (!byHousehold.has(h) && !firstNeed.has(h)) firstNeed.set(h, i);
  });
  if (firstNeed.size > 0) {
    const fresh = [...firstNeed].map(([h, i]) => [(needs[i] as ThreadNeed).patientId, h, (needs[i] as ThreadNeed).preview]);
    const ids = insertedIds(
      stmt(
        db,
        `insert into conversations (patient_id, household_id, status, last_message_at, last_message_preview, created_at, updated_at)
         select j.value ->> '$[0]', j.value ->> '$[1]', 'resolved', ?, j.value ->> '$[2]', ?, ? from json_each(?) j order by j.key returning id`,
      ).all(now, now, now, JSON.stringify(fresh)),
    );
    fresh.forEach(([, h], i) => byHousehold.set(h as number, ids[i] as number));
  }
  const created = new Set(firstNeed.values());
  return needs.map((n, i) => ({ id: byHousehold.get(household(n.patientId)) as number, created: created.has(i) }));
}
