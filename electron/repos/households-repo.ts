/**
 * Households (DESIGN section 2): patients linked by a shared contact point (same kind and value)
 * are one household with one conversation. Membership follows the contact points: adding a
 * sibling with the parent's phone joins the parent's household (and merges two households'
 * threads into one); removing the last shared contact point moves a patient out into a
 * household of their own (past messages stay in the family thread). SQL only; every function
 * takes the database first and runs inside the caller's transaction.
 */
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';

export interface HouseholdMember {
  id: number;
  firstName: string;
  lastName: string;
}

function contactMates(db: AppDb, patientId: number): number[] {
  return (
    stmt(
      db,
      `select distinct c2.patient_id p from contact_points c1
       join contact_points c2 on c2.kind = c1.kind and c2.value = c1.value and c2.patient_id != c1.patient_id
       where c1.patient_id = +?`,
    ).all(patientId) as Array<{ p: number }>
  ).map((r) => r.p);
}

function householdMates(db: AppDb, householdId: number): number[] {
  return (stmt(db, 'select id from patients where household_id = +? order by id').all(householdId) as Array<{ id: number }>).map((r) => r.id);
}

function currentHousehold(db: AppDb, patientId: number): number | null {
  const row = stmt(db, 'select household_id h from patients where id = +?').get(patientId) as { h: number | null } | undefined;
  return row?.h ?? null;
}

function conversationOf(db: AppDb, householdId: number): { id: number } | undefined {
  return stmt(db, 'select id from conversations where household_id = +?').get(householdId) as { id: number } | undefined;
}

/**
 * Moves everything of conversation `fromId` into `intoId` (messages, notes, unread count, the
 * assignee and flag if the target has none, open wins over snoozed over resolved) and removes
 * `fromId`. Audited, because staff may remember the old thread.
 */
export function mergeConversations(db: AppDb, fromId: number, intoId: number, now: number): void {
  if (fromId === intoId) return;
  const from = stmt(db, 'select * from conversations where id = +?').get(fromId) as Record<string, number | string | null> | undefined;
  const into = stmt(db, 'select * from conversations where id = +?').get(intoId) as Record<string, number | string | null> | undefined;
  if (!from || !into) return;
  const rank = (s: unknown) => (s === 'open' ? 2 : s === 'snoozed' ? 1 : 0);
  const status = rank(from.status) > rank(into.status) ? from.status : into.status;
  const fromLast = Number(from.last_message_at ?? 0);
  const intoLast = Number(into.last_message_at ?? 0);
  stmt(db, 'update messages set conversation_id = ? where conversation_id = +?').run(intoId, fromId);
  stmt(db, 'update conversation_notes set conversation_id = ? where conversation_id = +?').run(intoId, fromId);
  stmt(
    db,
    `update conversations set unread_count = unread_count + ?, status = ?, snoozed_until = ?,
       assignee_staff_id = coalesce(assignee_staff_id, ?), flag = coalesce(flag, ?),
       last_message_at = ?, last_message_preview = ?,
       whatsapp_window_ends_at = max(coalesce(whatsapp_window_ends_at, 0), coalesce(?, 0)), updated_at = ?
     where id = +?`,
  ).run(
    Number(from.unread_count ?? 0),
    status,
    status === 'snoozed' ? (into.status === 'snoozed' ? into.snoozed_until : from.snoozed_until) : null,
    from.assignee_staff_id,
    from.flag,
    fromLast > intoLast ? from.last_message_at : into.last_message_at,
    fromLast > intoLast ? from.last_message_preview : into.last_message_preview,
    from.whatsapp_window_ends_at,
    now,
    intoId,
  );
  stmt(db, `update conversations set whatsapp_window_ends_at = null where id = +? and whatsapp_window_ends_at = 0`).run(intoId);
  stmt(
    db,
    `insert into audit_log (at, action, entity_type, entity_id, detail) values (?, 'conversation.merged_into_household', 'conversation', ?, json_object('into', ?))`,
  ).run(now, String(fromId), intoId);
  stmt(db, 'delete from conversations where id = +?').run(fromId);
}

/**
 * Recomputes the households of these patients and of everyone linked to them (by contact point
 * or by their current household), then merges the conversations of households that were joined.
 */
export function syncHouseholds(db: AppDb, patientIds: number[], now: number): void {
  const affected = new Set<number>();
  const todo = [...patientIds];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    if (affected.has(p)) continue;
    affected.add(p);
    todo.push(...contactMates(db, p));
    const h = currentHousehold(db, p);
    if (h !== null) todo.push(...householdMates(db, h));
  }
  // Components by contact point only (`affected` is closed under contact links).
  const seen = new Set<number>();
  const components: number[][] = [];
  for (const start of [...affected].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const component: number[] = [];
    const stack = [start];
    while (stack.length > 0) {
      const p = stack.pop() as number;
      if (seen.has(p)) continue;
      seen.add(p);
      component.push(p);
      stack.push(...contactMates(db, p));
    }
    components.push(component.sort((a, b) => a - b));
  }
  const before = new Map([...affected].map((p) => [p, currentHousehold(db, p)]));
  const claimed = new Set<number>();
  const assignment = new Map<number, number>();
  // Biggest components first claim the household most of their members are already in.
  for (const component of [...components].sort((a, b) => b.length - a.length || (a[0] ?? 0) - (b[0] ?? 0))) {
    const votes = new Map<number, number>();
    for (const p of component) {
      const h = before.get(p);
      if (h != null && !claimed.has(h)) votes.set(h, (votes.get(h) ?? 0) + 1);
    }
    let household = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    if (household === undefined) {
      household = Number(stmt(db, 'insert into households (created_at, updated_at) values (?, ?)').run(now, now).lastInsertRowid);
    }
    claimed.add(household);
    for (const p of component) assignment.set(p, household);
  }
  for (const [p, h] of assignment) {
    if (before.get(p) !== h) stmt(db, 'update patients set household_id = ? where id = +?').run(h, p);
  }
  // A household that lost all its members: its thread joins the household most of them went to.
  const emptied = new Set([...before.values()].filter((h): h is number => h !== null && !claimed.has(h)));
  for (const old of emptied) {
    const counts = new Map<number, number>();
    for (const [p, h] of before) if (h === old) counts.set(assignment.get(p) as number, (counts.get(assignment.get(p) as number) ?? 0) + 1);
    const target = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    const from = conversationOf(db, old);
    if (from && target !== undefined) {
      const into = conversationOf(db, target);
      if (into) mergeConversations(db, from.id, into.id, now);
      else stmt(db, 'update conversations set household_id = ?, updated_at = ? where id = +?').run(target, now, from.id);
    }
    if (householdMates(db, old).length === 0 && !conversationOf(db, old)) stmt(db, 'delete from households where id = +?').run(old);
  }
}

/** Bulk writers (imports): links only the patients who now share a contact point; the rest get theirs on first use. */
export function syncSharedHouseholds(db: AppDb, patientIds: number[], now: number): void {
  const shared = patientIds.filter((id) => contactMates(db, id).length > 0);
  if (shared.length > 0) syncHouseholds(db, shared, now);
}

/** The patient's household, assigned on first use (patients written before households existed). */
export function householdIdOf(db: AppDb, patientId: number, now: number): number | null {
  const h = currentHousehold(db, patientId);
  if (h !== null) return h;
  if (!stmt(db, 'select 1 from patients where id = +?').get(patientId)) return null;
  syncHouseholds(db, [patientId], now);
  return currentHousehold(db, patientId);
}

/**
 * The conversation of the patient's household, created on first use. A conversation started by
 * a reminder, broadcast or notice starts resolved: it is in the history, not in the open inbox.
 */
export function householdConversationId(db: AppDb, patientId: number, now: number, options: { open: boolean }): number {
  const household = householdIdOf(db, patientId, now);
  if (household === null) throw new Error(`patient ${patientId} does not exist`);
  const existing = conversationOf(db, household);
  if (existing) return existing.id;
  return Number(
    stmt(db, 'insert into conversations (patient_id, household_id, status, created_at, updated_at) values (?, ?, ?, ?, ?)').run(
      patientId,
      household,
      options.open ? 'open' : 'resolved',
      now,
      now,
    ).lastInsertRowid,
  );
}

/** The household's patients (archived ones left out), oldest first. */
export function householdMembers(db: AppDb, householdId: number): HouseholdMember[] {
  return stmt(
    db,
    'select id, first_name firstName, last_name lastName from patients where household_id = +? and archived = 0 order by id',
  ).all(householdId) as HouseholdMember[];
}

/** Other (not archived) patients who already have this phone or email. */
export function contactOwners(db: AppDb, kind: 'phone' | 'email', value: string, exceptPatientId: number | null): HouseholdMember[] {
  return stmt(
    db,
    `select distinct p.id, p.first_name firstName, p.last_name lastName from contact_points c join patients p on p.id = c.patient_id
     where c.kind = +? and c.value = +? and p.archived = 0 and p.id != +? order by p.id`,
  ).all(kind, value, exceptPatientId ?? -1) as HouseholdMember[];
}

/** "Emma and Noah", "Emma, Noah and Mia": the recipients' first names for one message. */
export function joinFirstNames(names: string[]): string {
  const unique = [...new Set(names.filter((n) => n.trim() !== ''))];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1] ?? ''}`;
}
