/**
 * One message per address (DESIGN rule 6): a broadcast's recipients grouped by where their
 * message would go — the broadcast's channel, or the first channel of the patient's order that
 * has an address — so a parent's phone shared by two children gets one text naming both.
 * Pure grouping over the database (no rules: the engine still applies every rule to the one
 * message it is given); a recipient with no address at all is a group of one and the engine
 * refuses it with its reason. Used by the sender; a planner can use it the same way.
 */
import type { AppDb } from '../db/database';
import type { Channel } from '../../shared/domain';
import { addressFor, DEFAULT_CHANNEL_ORDER } from '../engine/channel-choice';
import { getChannelOrder, getPatientFacts } from '../engine/engine-repo';
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
export function routeOf(db: AppDb, patientId: number, channel: Channel | undefined): { channel: Channel; address: string } | null {
  const order = channel ? [channel] : (getChannelOrder(db, patientId) ?? DEFAULT_CHANNEL_ORDER);
  for (const c of order) {
    const address = addressFor(db, patientId, c);
    if (address) return { channel: c, address };
  }
  return null;
}

export function groupRecipientsByAddress(
  db: AppDb,
  recipients: Array<{ id: number; patientId: number }>,
  channel: Channel | undefined,
): AddressGroup[] {
  const groups = new Map<string, AddressGroup>();
  for (const r of [...recipients].sort((a, b) => a.patientId - b.patientId)) {
    const route = routeOf(db, r.patientId, channel);
    const key = route ? `${route.channel}|${route.address}` : `patient:${r.patientId}`;
    const group = groups.get(key) ?? { key, route, members: [], firstNames: '' };
    group.members.push({ recipientId: r.id, patientId: r.patientId, firstName: getPatientFacts(db, r.patientId)?.first_name ?? '' });
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
  return db.$client
    .prepare(
      `select distinct r.id, r.patient_id as patientId from broadcast_recipients r join contact_points c on c.patient_id = r.patient_id
       where r.broadcast_id = ? and r.state = 'pending' and c.kind = ? and c.value = ? order by r.id`,
    )
    .all(broadcastId, kind, address) as Array<{ id: number; patientId: number }>;
}

/** How many messages (addresses) an audience needs and how many patients they cover. */
export function countAddresses(db: AppDb, patientIds: number[], channel: Channel | undefined): { addresses: number; patients: number } {
  const groups = groupRecipientsByAddress(db, patientIds.map((patientId) => ({ id: patientId, patientId })), channel);
  return { addresses: groups.filter((g) => g.route !== null).length, patients: patientIds.length };
}
