/** The inbox: listing, reading (audited as "viewed"), assigning, resolving, snoozing, notes. */
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import { notFound, validationError } from '../foundation/errors';
import type { EventBus } from '../foundation/event-bus';
import type { Notifier } from '../foundation/ports';
import { appendAudit, lastAuditAt } from '../repos/audit-repo';
import { findStaffById } from '../repos/staff-repo';
import { findConversation, markConversationRead, totalUnread, updateConversation, wakeSnoozedConversations } from '../repos/conversations-repo';
import { contextPatients, conversationPatientIds } from '../repos/context-queries';
import { countConversations, getConversationSummary, insertNote, listConversations, listNotes, threadMessages, type ConversationFilter } from '../repos/inbox-queries';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { ConversationSummary } from '../../shared/contract/inbox';


/**
 * A staff member's reads of one conversation within this long are one viewing in the audit log.
 * Long enough to cover the re-reads an open thread makes while someone works in it, short enough
 * that coming back to it later in the day is a new row.
 */
export const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;
export class InboxService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly notifier: Notifier,
  ) {}

  list(staffId: number, input: InputOf<'inbox.list'>): OutputOf<'inbox.list'> {
    wakeSnoozedConversations(this.db, this.clock.now());
    const filter = this.filter(staffId, input.filter);
    const search = input.search?.trim() || undefined;
    const page = listConversations(this.db, { filter, search, after: input.after, limit: input.limit ?? 100 });
    return input.withTotal === false ? page : { ...page, total: countConversations(this.db, { filter, search }) };
  }

  count(staffId: number, input: InputOf<'inbox.count'>): OutputOf<'inbox.count'> {
    wakeSnoozedConversations(this.db, this.clock.now());
    return { total: countConversations(this.db, { filter: this.filter(staffId, input.filter), search: input.search?.trim() || undefined }) };
  }

  private filter(staffId: number, filter: InputOf<'inbox.list'>['filter'] = {}): ConversationFilter {
    return {
      unread: filter.unread,
      channel: filter.channel,
      status: filter.status,
      patientId: filter.patientId,
      assignedToStaffId: filter.assignedToMe ? staffId : undefined,
    };
  }

  thread(staffId: number, input: InputOf<'inbox.thread'>): OutputOf<'inbox.thread'> {
    const conversation = this.summary(input.conversationId);
    const { messages, hasOlder } = threadMessages(this.db, input.conversationId, {
      beforeMessageId: input.beforeMessageId,
      limit: input.limit ?? 200,
    });
    // Who saw which patient's messages is part of the audit trail (DESIGN section 8). The window
    // reads an open thread again as its messages change (marked read, a delivery update, a reply):
    // that is the same viewing, so one row per staff member and conversation per VIEW_AUDIT_WINDOW_MS.
    if (input.beforeMessageId === undefined) {
      const at = this.clock.now();
      const viewed = { staffId, action: 'conversation.viewed', entityType: 'conversation', entityId: input.conversationId };
      const last = lastAuditAt(this.db, viewed);
      if (last === null || at - last >= VIEW_AUDIT_WINDOW_MS) appendAudit(this.db, { at, ...viewed });
    }
    return { conversation, messages, notes: listNotes(this.db, input.conversationId), hasOlder };
  }

  markRead(conversationId: number): null {
    if (!findConversation(this.db, conversationId)) throw notFound('That conversation');
    if (markConversationRead(this.db, conversationId, this.clock.now())) this.changed(conversationId);
    return null;
  }

  assign(conversationId: number, staffId: number | null): ConversationSummary {
    if (staffId !== null && !findStaffById(this.db, staffId)?.active) {
      throw validationError('That staff member does not exist or is inactive', [{ path: 'staffId', message: 'Unknown staff member' }]);
    }
    return this.update(conversationId, { assigneeStaffId: staffId });
  }

  setStatus(input: InputOf<'inbox.setStatus'>): ConversationSummary {
    if (input.status === 'snoozed' && (input.snoozedUntil ?? 0) <= this.clock.now()) {
      throw validationError('Snooze until a time in the future', [{ path: 'snoozedUntil', message: 'Must be in the future' }]);
    }
    return this.update(input.conversationId, {
      status: input.status,
      snoozedUntil: input.status === 'snoozed' ? (input.snoozedUntil ?? null) : null,
    });
  }

  clearFlag(conversationId: number): ConversationSummary {
    return this.update(conversationId, { flag: null });
  }

  addNote(staffId: number, conversationId: number, body: string): OutputOf<'inbox.addNote'> {
    if (!findConversation(this.db, conversationId)) throw notFound('That conversation');
    const id = insertNote(this.db, { conversationId, staffId, body, createdAt: this.clock.now() });
    const note = listNotes(this.db, conversationId).find((n) => n.id === id);
    if (!note) throw notFound('That note');
    this.changed(conversationId);
    return note;
  }

  /** A conversation's summary without its messages (no "viewed" audit: nothing is read). */
  conversation(conversationId: number): ConversationSummary {
    return this.summary(conversationId);
  }

  /** The context panel: the conversation's patients with appointments, reminders and consent. */
  context(conversationId: number): OutputOf<'inbox.context'> {
    if (!findConversation(this.db, conversationId)) throw notFound('That conversation');
    return { patients: contextPatients(this.db, conversationPatientIds(this.db, conversationId), this.clock.now()) };
  }

  unreadTotal(): { unread: number } {
    return { unread: totalUnread(this.db) };
  }

  /** Tells renderers and the tray that a conversation changed (new message, read, status). */
  changed(conversationId: number): void {
    const unread = totalUnread(this.db);
    this.notifier.setUnreadCount(unread);
    this.events.emit('conversation.updated', { conversationId, unreadTotal: unread });
  }

  private update(conversationId: number, values: Parameters<typeof updateConversation>[2]): ConversationSummary {
    if (!updateConversation(this.db, conversationId, { ...values, updatedAt: this.clock.now() })) throw notFound('That conversation');
    this.changed(conversationId);
    return this.summary(conversationId);
  }

  private summary(conversationId: number): ConversationSummary {
    const summary = getConversationSummary(this.db, conversationId);
    if (!summary) throw notFound('That conversation');
    return summary;
  }
}
