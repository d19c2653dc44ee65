/**
 * Read queries behind the inbox: the conversation list (filters, keyset paging, full-text
 * search newest-first) and a conversation's thread with delivery status and notes.
 */
import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { conversationNotes, conversations, deliveries, messages, patients, staff } from '../db/schema';
import type { Channel } from '../../shared/domain';
import type { ConversationSummary, DeliveryBadge, HouseholdMember, ThreadMessage } from '../../shared/contract/inbox';
import { newestMatches, prepareSearch, searchCondition, type PreparedSearch } from './search-queries';

export { ftsQuery, searchTerms, type SearchTerms } from './search-queries';

export interface ConversationFilter {
  unread?: boolean;
  assignedToStaffId?: number;
  channel?: Channel;
  status?: 'open' | 'snoozed' | 'resolved' | 'all';
  patientId?: number;
}

const C_ID = sql.raw('"conversations"."id"');
const C_HOUSEHOLD = sql.raw('"conversations"."household_id"');
const C_PATIENT = sql.raw('"conversations"."patient_id"');
const M_PATIENT = sql.raw('"messages"."patient_id"');
const M_ADDRESS = sql.raw('"messages"."address"');

const summaryColumns = {
  id: conversations.id,
  patientId: sql<number | null>`coalesce((select m.patient_id from messages m where m.conversation_id = ${C_ID} and m.direction = 'inbound' and m.patient_id is not null order by m.id desc limit 1), ${C_PATIENT})`,
  householdId: conversations.householdId,
  memberList: sql<string | null>`(select json_group_array(json_object('id', x.id, 'firstName', x.first_name, 'lastName', x.last_name)) from (select p.id, p.first_name, p.last_name from patients p where p.household_id = ${C_HOUSEHOLD} and p.archived = 0 order by p.id) x)`,
  title: sql<string>`coalesce(${patients.firstName} || ' ' || ${patients.lastName}, ${conversations.address}, 'Unknown')`,
  address: conversations.address,
  status: conversations.status,
  assigneeStaffId: conversations.assigneeStaffId,
  assigneeName: staff.displayName,
  unreadCount: conversations.unreadCount,
  snoozedUntil: conversations.snoozedUntil,
  flag: conversations.flag,
  lastMessageAt: conversations.lastMessageAt,
  lastMessagePreview: conversations.lastMessagePreview,
  channelList: sql<string | null>`(select group_concat(distinct m.channel) from messages m where m.conversation_id = ${C_ID})`,
  whatsappWindowEndsAt: conversations.whatsappWindowEndsAt,
};

type SummaryRow = Omit<ConversationSummary, 'channels' | 'members'> & { channelList: string | null; memberList: string | null };

/** "Emma and Noah Lopez", "Emma Lopez and Maria Diaz", "Ana, Ben and Caro Silva". */
export function householdTitle(members: HouseholdMember[]): string | null {
  if (members.length === 0) return null;
  const lastNames = new Set(members.map((m) => m.lastName));
  const names = lastNames.size === 1 ? members.map((m) => m.firstName) : members.map((m) => `${m.firstName} ${m.lastName}`);
  const joined = names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return lastNames.size === 1 ? `${joined} ${members[0]?.lastName ?? ''}`.trim() : joined;
}

function toSummary(row: SummaryRow): ConversationSummary {
  const { channelList, memberList, ...rest } = row;
  const members = memberList ? (JSON.parse(memberList) as HouseholdMember[]) : [];
  return { ...rest, title: householdTitle(members) ?? rest.title, members, channels: (channelList ? channelList.split(',') : []).sort() as Channel[] };
}

function filterConditions(filter: ConversationFilter, search: PreparedSearch | null): SQL[] {
  const conditions: SQL[] = [];
  const status = filter.status ?? 'open';
  if (status !== 'all') conditions.push(sql`${conversations.status} = ${status}`);
  if (filter.unread) conditions.push(sql`${conversations.unreadCount} > 0`);
  if (filter.assignedToStaffId !== undefined) conditions.push(sql`${conversations.assigneeStaffId} = ${filter.assignedToStaffId}`);
  if (filter.channel) {
    conditions.push(sql`exists (select 1 from messages m where m.conversation_id = ${C_ID} and m.channel = ${filter.channel})`);
  }
  if (filter.patientId !== undefined) {
    conditions.push(
      sql`(${conversations.patientId} = ${filter.patientId} or ${C_HOUSEHOLD} = (select p.household_id from patients p where p.id = ${filter.patientId}) or exists (select 1 from messages m where m.conversation_id = ${C_ID} and m.patient_id = ${filter.patientId}))`,
    );
  }
  if (search) conditions.push(searchCondition(search));
  return conditions;
}

function baseQuery(db: AppDb) {
  return db
    .select(summaryColumns)
    .from(conversations)
    .leftJoin(patients, eq(patients.id, conversations.patientId))
    .leftJoin(staff, eq(staff.id, conversations.assigneeStaffId));
}

/** Where the previous page ended: its last item's sort key. */
export interface ListCursor {
  lastMessageAt: number | null;
  id: number;
}

const C_LAST = sql.raw('"conversations"."last_message_at"');

/**
 * One page of the list, newest activity first (`last_message_at` descending, conversations
 * without a message last, ties by id descending), read in that order straight off
 * `conversations_last_idx` (whose entries end with the rowid), so a page costs its own rows and
 * never a sort or a count of the whole table. Conversations with a time and those without are
 * two index ranges, read one after the other.
 */
export function listConversations(
  db: AppDb,
  options: { filter: ConversationFilter; search?: string; after?: ListCursor; limit: number },
): { items: ConversationSummary[]; hasMore: boolean } {
  const search = options.search ? prepareSearch(db, options.search) : null;
  if (options.search && !search) return { items: [], hasMore: false };
  const conditions = filterConditions(options.filter, search);
  const after = options.after;
  const want = options.limit + 1;
  const rows: SummaryRow[] = [];
  if (!after || after.lastMessageAt !== null) {
    // The keyset as "<= t and (< t or id < ?)": the first half is the index range SQLite seeks.
    const page = after
      ? sql`${C_LAST} <= ${after.lastMessageAt} and (${C_LAST} < ${after.lastMessageAt} or ${C_ID} < ${after.id})`
      : sql`${C_LAST} is not null`;
    rows.push(...baseQuery(db).where(and(...conditions, page)).orderBy(desc(conversations.lastMessageAt), desc(conversations.id)).limit(want).all());
  }
  if (rows.length < want) {
    const page = after && after.lastMessageAt === null ? sql`${C_LAST} is null and ${C_ID} < ${after.id}` : sql`${C_LAST} is null`;
    rows.push(...baseQuery(db).where(and(...conditions, page)).orderBy(desc(conversations.id)).limit(want - rows.length).all());
  }
  const items = rows.slice(0, options.limit).map(toSummary);
  const hasMore = rows.length > options.limit;
  if (!search?.fts) return { items, hasMore };
  const matches = newestMatches(db, items.map((item) => item.id), search);
  return { items: items.map((item) => ({ ...item, match: matches.get(item.id) ?? null })), hasMore };
}

/** How many conversations match: a count over every match, so never on the list's first paint. */
export function countConversations(db: AppDb, options: { filter: ConversationFilter; search?: string }): number {
  const search = options.search ? prepareSearch(db, options.search) : null;
  if (options.search && !search) return 0;
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(conversations)
      .leftJoin(patients, eq(patients.id, conversations.patientId))
      .where(and(...filterConditions(options.filter, search)))
      .get()?.n ?? 0
  );
}

export function getConversationSummary(db: AppDb, id: number): ConversationSummary | undefined {
  const row = baseQuery(db).where(eq(conversations.id, id)).get();
  return row ? toSummary(row) : undefined;
}

export function threadMessages(
  db: AppDb,
  conversationId: number,
  options: { beforeMessageId?: number; limit: number },
): { messages: ThreadMessage[]; hasOlder: boolean } {
  const rows = db
    .select({
      id: messages.id,
      direction: messages.direction,
      channel: messages.channel,
      address: messages.address,
      body: messages.body,
      subject: messages.subject,
      origin: messages.origin,
      staffName: staff.displayName,
      patientId: messages.patientId,
      // A reply from a phone several patients share could be about any of them: no guess shown.
      patientName: sql<string | null>`case when ${messages.direction} = 'inbound' and (select count(distinct cp.patient_id) from contact_points cp where cp.value = ${M_ADDRESS}) > 1 then null else (select p.first_name || ' ' || p.last_name from patients p where p.id = ${M_PATIENT}) end`,
      purpose: messages.purpose,
      holdExempt: messages.holdExempt,
      editable: sql<number>`(${messages.templateVersionId} is null and ${messages.direction} = 'outbound')`,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .leftJoin(staff, eq(staff.id, messages.staffId))
    .where(and(eq(messages.conversationId, conversationId), options.beforeMessageId ? lt(messages.id, options.beforeMessageId) : undefined))
    .orderBy(desc(messages.id))
    .limit(options.limit + 1)
    .all();
  const hasOlder = rows.length > options.limit;
  const page = rows.slice(0, options.limit).reverse();
  const badges = new Map<number, DeliveryBadge[]>();
  if (page.length > 0) {
    const first = page[0]?.id ?? 0;
    const last = page[page.length - 1]?.id ?? 0;
    const deliveryRows = db
      .select({
        messageId: deliveries.messageId,
        deliveryId: deliveries.id,
        channel: deliveries.channel,
        state: deliveries.state,
        reasonCode: deliveries.reasonCode,
        errorCode: deliveries.errorCode,
        errorText: deliveries.errorText,
        attemptCount: deliveries.attemptCount,
        nextAttemptAt: deliveries.nextAttemptAt,
        updatedAt: deliveries.updatedAt,
      })
      .from(deliveries)
      .innerJoin(messages, eq(messages.id, deliveries.messageId))
      .where(and(eq(messages.conversationId, conversationId), sql`${deliveries.messageId} between ${first} and ${last}`))
      .orderBy(asc(deliveries.id))
      .all();
    for (const { messageId, ...badge } of deliveryRows) {
      const list = badges.get(messageId) ?? [];
      list.push(badge);
      badges.set(messageId, list);
    }
  }
  return { messages: page.map((m) => ({ ...m, editable: m.editable === 1, deliveries: badges.get(m.id) ?? [] })), hasOlder };
}

/** One message of a thread as the inbox shows it (after a held-message action). */
export function threadMessage(db: AppDb, messageId: number): ThreadMessage | undefined {
  const row = db.select({ c: messages.conversationId }).from(messages).where(eq(messages.id, messageId)).get();
  if (!row) return undefined;
  return threadMessages(db, row.c, { beforeMessageId: messageId + 1, limit: 1 }).messages.find((m) => m.id === messageId);
}

export function listNotes(db: AppDb, conversationId: number) {
  return db
    .select({ id: conversationNotes.id, body: conversationNotes.body, staffName: staff.displayName, createdAt: conversationNotes.createdAt })
    .from(conversationNotes)
    .innerJoin(staff, eq(staff.id, conversationNotes.staffId))
    .where(eq(conversationNotes.conversationId, conversationId))
    .orderBy(asc(conversationNotes.id))
    .all();
}

export function insertNote(db: AppDb, values: { conversationId: number; staffId: number; body: string; createdAt: number }): number {
  return db.insert(conversationNotes).values(values).returning({ id: conversationNotes.id }).get().id;
}
