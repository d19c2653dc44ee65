/**
 * Read queries behind the inbox: the conversation list (filters, keyset paging, full-text
 * search newest-first) and a conversation's thread with delivery status and notes.
 */
import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { conversationNotes, conversations, deliveries, messages, patients, staff } from '../db/schema';
import type { Channel } from '../../shared/domain';
import type { ConversationSummary, DeliveryBadge, ThreadMessage } from '../../shared/contract/inbox';

export interface ConversationFilter {
  unread?: boolean;
  assignedToStaffId?: number;
  channel?: Channel;
  status?: 'open' | 'snoozed' | 'resolved' | 'all';
  patientId?: number;
}

/**
 * A user's search text as an FTS5 query: every word must appear, as a prefix, and no word can
 * inject FTS syntax (each is quoted).
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

const C_ID = sql.raw('"conversations"."id"');

/** What a search looks for: message words (FTS), a patient's name, or the digits of a phone number. */
export interface SearchTerms {
  fts: string | null;
  /** LIKE pattern for the patient's full name; null when there is nothing to match. */
  name: string | null;
  /** LIKE pattern over phone digits (at least 3 typed). */
  digits: string | null;
}

export function searchTerms(text: string): SearchTerms | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const fts = ftsQuery(trimmed);
  const escaped = trimmed.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
  const digitsOnly = trimmed.replace(/\D/g, '');
  // A phone search is mostly digits ("(312) 555-0147", "+44 7700"): not a sentence with a number in it.
  const looksLikePhone = digitsOnly.length >= 3 && /^[\d\s()+.-]+$/.test(trimmed);
  const terms = { fts, name: fts ? `%${escaped}%` : null, digits: looksLikePhone ? `%${digitsOnly}%` : null };
  return terms.fts || terms.digits ? terms : null;
}

const summaryColumns = {
  id: conversations.id,
  patientId: conversations.patientId,
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

type SummaryRow = Omit<ConversationSummary, 'channels'> & { channelList: string | null };

function toSummary(row: SummaryRow): ConversationSummary {
  const { channelList, ...rest } = row;
  return { ...rest, channels: (channelList ? channelList.split(',') : []).sort() as Channel[] };
}

function filterConditions(filter: ConversationFilter, search: SearchTerms | null): SQL[] {
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
      sql`(${conversations.patientId} = ${filter.patientId} or exists (select 1 from messages m where m.conversation_id = ${C_ID} and m.patient_id = ${filter.patientId}))`,
    );
  }
  if (search) {
    const any: SQL[] = [];
    if (search.fts) {
      // Newest-first FTS without ranking stays fast on a million messages (performance.md).
      any.push(
        sql`${conversations.id} in (select m.conversation_id from messages m where m.id in (select rowid from messages_fts where messages_fts match ${search.fts} order by rowid desc limit 2000))`,
      );
    }
    if (search.name) {
      any.push(sql`(${patients.firstName} || ' ' || ${patients.lastName}) like ${search.name} escape '\\'`);
    }
    if (search.digits) {
      any.push(sql`replace(${conversations.address}, '+', '') like ${search.digits}`);
      any.push(
        sql`exists (select 1 from contact_points cp where cp.patient_id = ${conversations.patientId} and cp.kind = 'phone' and replace(cp.value, '+', '') like ${search.digits})`,
      );
    }
    conditions.push(sql`(${sql.join(any, sql` or `)})`);
  }
  return conditions;
}

function baseQuery(db: AppDb) {
  return db
    .select(summaryColumns)
    .from(conversations)
    .leftJoin(patients, eq(patients.id, conversations.patientId))
    .leftJoin(staff, eq(staff.id, conversations.assigneeStaffId));
}

export function listConversations(
  db: AppDb,
  options: { filter: ConversationFilter; search?: string; after?: { lastMessageAt: number | null; id: number }; limit: number },
): { items: ConversationSummary[]; total: number } {
  const search = options.search ? searchTerms(options.search) : null;
  if (options.search && !search) return { items: [], total: 0 };
  const conditions = filterConditions(options.filter, search);
  const sortKey = sql`coalesce(${conversations.lastMessageAt}, 0)`;
  const page = options.after
    ? sql`(${sortKey} < ${options.after.lastMessageAt ?? 0} or (${sortKey} = ${options.after.lastMessageAt ?? 0} and ${conversations.id} < ${options.after.id}))`
    : undefined;
  const rows = baseQuery(db)
    .where(and(...conditions, page))
    .orderBy(desc(sortKey), desc(conversations.id))
    .limit(options.limit)
    .all();
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(conversations)
    .leftJoin(patients, eq(patients.id, conversations.patientId))
    .where(and(...conditions))
    .get()?.n;
  const items = rows.map(toSummary);
  const fts = search?.fts;
  return { items: fts ? items.map((item) => ({ ...item, match: newestMatch(db, item.id, fts) })) : items, total: total ?? 0 };
}

/** The newest message of a conversation that the search words match, for the result row. */
function newestMatch(db: AppDb, conversationId: number, fts: string): { messageId: number; body: string } | null {
  const row = db
    .select({ messageId: messages.id, body: messages.body })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), sql`${messages.id} in (select rowid from messages_fts where messages_fts match ${fts})`))
    .orderBy(desc(messages.id))
    .limit(1)
    .get();
  return row ?? null;
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
  return { messages: page.map((m) => ({ ...m, deliveries: badges.get(m.id) ?? [] })), hasOlder };
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
