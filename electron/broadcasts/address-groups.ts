/**
 * One message per address (DESIGN rule 6): a broadcast's recipients grouped by where their
 * message would go — the broadcast's channel, or the first channel of the patient's order that
 * has an address — so a parent's phone shared by two children gets one text naming both.
 * Pure grouping over the database (no rules: the engine still applies every rule to the one
 * message it is given); a recipient with no address at all is a group of one and the engine
 * refuses it with its reason. Used by the sender and the confirmation's message count. The
 * patients' facts come from a few set-based queries (engine/bulk-facts.ts), not lookups per row.
 */
import type { AppDb } from '../db/database';
import { stmt } from '../db/sql-cache';
import type { Channel } from '../../shared/domain';
import { DEFAULT_CHANNEL_ORDER } from '../engine/channel-choice';
import { loadBulkFacts } from '../engine/bulk-facts';
import type { FactSource } from '../engine/fact-source';
import { addressFrom } from '../engine/channel-choice';
import { joinFirstNames } from '../repos/households-repo';

export interface GroupMember {
  /** The broadcast_recipients row. */
  recipientId: number;
  patientId: number;
  firstName: string;
}

export interface AddressGroup {
  /** `<channel>|<address>`, or `patient:<id>` for a recipient with no address. */
  key: string;
  route: { channel: Channel; address: string } | null;
  /** Oldest patient first: the first is who the message is sent "to" (its thread and tag). */
  members: GroupMember[];
  /** "Emma and Noah": the `recipients.firstNames` template variable. */
  firstNames: string;
}

/** Where a patient's broadcast would go, ignoring the rules (they decide later, per message). */
export function routeOf(facts: FactSource, patientId: number, channel: Channel | undefined): { channel: Channel; address: string } | null {
  const order = channel ? [channel] : (facts.channelOrder(patientId) ?? DEFAULT_CHANNEL_ORDER);
  for (const c of order) {
    const address = addressFrom(facts, patientId, c);
    if (address) return { channel: c, address };
  }
  return null;
}

/** `facts`, when the caller has loaded them for at least these patients (any scope), saves loading them again. */
export function groupRecipientsByAddress(
  db: AppDb,
  recipients: Array<{ id: number; patientId: number }>,
  channel: Channel | undefined,
  // Grouping needs no rules' day: the zone and instant only fix what the cap counts.
  facts: FactSource = loadBulkFacts(db, recipients.map((r) => r.patientId), 'UTC', 0, 'routing'),
): AddressGroup[] {
  const groups = new Map<string, AddressGroup>();
  for (const r of [...recipients].sort((a, b) => a.patientId - b.patientId)) {
    const route = routeOf(facts, r.patientId, channel);
    const key = route ? `${route.channel}|${route.address}` : `patient:${r.patientId}`;
    const group = groups.get(key) ?? { key, route, members: [], firstNames: '' };
    group.members.push({ recipientId: r.id, patientId: r.patientId, firstName: facts.patient(r.patientId)?.first_name ?? '' });
    groups.set(key, group);
  }
  for (const g of groups.values()) g.firstNames = joinFirstNames(g.members.map((m) => m.firstName));
  return [...groups.values()];
}

/**
 * Other pending recipients of the broadcast at the same address (a sibling beyond this batch),
 * so a family is never split across two messages by batching.
 */
export function pendingAtAddress(db: AppDb, broadcastId: number, address: string, kind: 'phone' | 'email'): Array<{ id: number; patientId: number }> {
  return pendingAtAddresses(db, broadcastId, [{ address, kind }]).get(`${kind}|${address}`) ?? [];
}

/** `pendingAtAddress` for many addresses in one query: per `kind|address`, ordered by recipient id. */
export function pendingAtAddresses(
  db: AppDb,
  broadcastId: number,
  addresses: ReadonlyArray<{ address: string; kind: 'phone' | 'email' }>,
): Map<string, Array<{ id: number; patientId: number }>> {
  const out = new Map<string, Array<{ id: number; patientId: number }>>();
  if (addresses.length === 0) return out;
  const wanted = new Set(addresses.map((a) => `${a.kind}|${a.address}`));
  // cross join: from these addresses to their recipients, not over every recipient of the broadcast.
  const rows = stmt(
    db,
    `select distinct r.id, r.patient_id as patientId, c.kind, c.value from contact_points c
       cross join broadcast_recipients r on r.broadcast_id = ? and r.patient_id = c.patient_id
       where c.value in (select value from json_each(?)) and r.state = 'pending' order by r.id`,
  ).all(broadcastId, JSON.stringify([...new Set(addresses.map((a) => a.address))])) as Array<{ id: number; patientId: number; kind: string; value: string }>;
  for (const r of rows) {
    const key = `${r.kind}|${r.value}`;
    if (!wanted.has(key)) continue;
    const list = out.get(key) ?? [];
    if (!list.some((x) => x.id === r.id)) list.push({ id: r.id, patientId: r.patientId });
    out.set(key, list);
  }
  return out;
}

/** How many messages (addresses) an audience needs and how many patients they cover. */
export function countAddresses(db: AppDb, patientIds: number[], channel: Channel | undefined): { addresses: number; patients: number } {
  const groups = groupRecipientsByAddress(db, patientIds.map((patientId) => ({ id: patientId, patientId })), channel);
  return { addresses: groups.filter((g) => g.route !== null).length, patients: patientIds.length };
}
