import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema } from '../domain';

export const conversationStatusSchema = z.enum(['open', 'snoozed', 'resolved']);

export const householdMemberSchema = z.object({ id: idSchema, firstName: z.string(), lastName: z.string() });
export type HouseholdMember = z.infer<typeof householdMemberSchema>;

export const conversationSummarySchema = z.object({
  id: idSchema,
  /** Who a reply is about by default: the patient of the latest inbound message, else the first member. */
  patientId: idSchema.nullable(),
  /** Patients sharing a phone or email share one conversation (null: an unknown address). */
  householdId: idSchema.nullable(),
  /** The household's patients, oldest first; the title names them all. */
  members: z.array(householdMemberSchema),
  title: z.string(),
  address: z.string().nullable(),
  status: conversationStatusSchema,
  assigneeStaffId: idSchema.nullable(),
  assigneeName: z.string().nullable(),
  unreadCount: z.number().int(),
  snoozedUntil: instantSchema.nullable(),
  flag: z.enum(['reschedule', 'possible_opt_out', 'confirm_unmatched']).nullable(),
  lastMessageAt: instantSchema.nullable(),
  lastMessagePreview: z.string().nullable(),
  /** Channels seen in the conversation, for the list's icons and the channel filter. */
  channels: z.array(channelSchema),
  whatsappWindowEndsAt: instantSchema.nullable(),
  /** In search results: the newest message the search words matched (absent outside a search). */
  match: z.object({ messageId: idSchema, body: z.string() }).nullable().optional(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const deliveryBadgeSchema = z.object({
  deliveryId: idSchema,
  channel: channelSchema,
  state: z.string(),
  reasonCode: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorText: z.string().nullable(),
  attemptCount: z.number().int(),
  nextAttemptAt: instantSchema.nullable(),
  updatedAt: instantSchema,
});
export type DeliveryBadge = z.infer<typeof deliveryBadgeSchema>;

export const threadMessageSchema = z.object({
  id: idSchema,
  direction: z.enum(['inbound', 'outbound']),
  channel: channelSchema,
  address: z.string(),
  body: z.string(),
  subject: z.string().nullable(),
  origin: z.string(),
  staffName: z.string().nullable(),
  /** The patient the message is about (one of the household), shown as a tag on the message. */
  patientId: idSchema.nullable(),
  /** Null for a reply from a phone or email several patients share (it could be about any of them). */
  patientName: z.string().nullable(),
  purpose: z.enum(['transactional', 'marketing']),
  /** Why quiet hours and the cap did not hold it: an answer to the patient, or staff sent it now. */
  holdExempt: z.enum(['answer', 'sent_now']).nullable(),
  /** Literal text (not a template): a held one can be edited. */
  editable: z.boolean(),
  createdAt: instantSchema,
  /** Every delivery attempt of this message (a fallback adds one), oldest first. */
  deliveries: z.array(deliveryBadgeSchema),
});
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

export const noteSchema = z.object({
  id: idSchema,
  body: z.string(),
  staffName: z.string(),
  createdAt: instantSchema,
});

const listFilter = z
  .object({
    unread: z.boolean().optional(),
    assignedToMe: z.boolean().optional(),
    channel: channelSchema.optional(),
    status: z.enum(['open', 'snoozed', 'resolved', 'all']).optional(),
    /** Conversations of one patient, or holding any message about them (a shared phone). */
    patientId: idSchema.optional(),
  })
  .strict();

export const inboxCalls = {
  'inbox.list': defineCall({
    input: z
      .object({
        filter: listFilter.optional(),
        /** Search by patient name, phone digits or message words; conversations with a hit, newest first. */
        search: z.string().max(200).optional(),
        /** Keyset paging: the last item of the previous page. */
        after: z.object({ lastMessageAt: instantSchema.nullable(), id: idSchema }).strict().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /**
         * Also count every match (default true). The count reads every matching row, so the
         * inbox asks for pages with false and gets the count from `inbox.count` after painting.
         */
        withTotal: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      items: z.array(conversationSummarySchema),
      /** More conversations follow the last item (read through `after`). */
      hasMore: z.boolean(),
      total: z.number().int().optional(),
    }),
    access: 'receptionist',
    mutates: false,
    summary: 'Conversations, newest activity first (a page read straight off an index), with filters and full-text search.',
  }),
  'inbox.count': defineCall({
    input: z.object({ filter: listFilter.optional(), search: z.string().max(200).optional() }).strict(),
    output: z.object({ total: z.number().int() }),
    access: 'receptionist',
    mutates: false,
    summary: 'How many conversations the list’s filters and search match (for the heading; not needed to paint the list).',
  }),
  'inbox.thread': defineCall({
    input: z.object({ conversationId: idSchema, beforeMessageId: idSchema.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: z.object({
      conversation: conversationSummarySchema,
      messages: z.array(threadMessageSchema),
      notes: z.array(noteSchema),
      hasOlder: z.boolean(),
    }),
    access: 'receptionist',
    mutates: false,
    summary: 'One conversation’s messages (every channel interleaved, oldest first) with delivery status and notes.',
  }),
  'inbox.markRead': defineCall({
    input: z.object({ conversationId: idSchema }).strict(),
    output: z.null(),
    access: 'receptionist',
    mutates: false,
    summary: 'Mark a conversation read.',
  }),
  'inbox.assign': defineCall({
    input: z.object({ conversationId: idSchema, staffId: idSchema.nullable() }).strict(),
    output: conversationSummarySchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Assign a conversation to a staff member, or unassign it.',
  }),
  'inbox.setStatus': defineCall({
    input: z
      .object({ conversationId: idSchema, status: conversationStatusSchema, snoozedUntil: instantSchema.optional() })
      .strict()
      .refine((v) => v.status !== 'snoozed' || v.snoozedUntil !== undefined, { message: 'Snoozing needs a time', path: ['snoozedUntil'] }),
    output: conversationSummarySchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Open, resolve or snooze a conversation.',
  }),
  'inbox.clearFlag': defineCall({
    input: z.object({ conversationId: idSchema }).strict(),
    output: conversationSummarySchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Clear a reschedule or possible-opt-out flag once handled.',
  }),
  'inbox.addNote': defineCall({
    input: z.object({ conversationId: idSchema, body: z.string().trim().min(1, 'Write something').max(5000) }).strict(),
    output: noteSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Add an internal note (never sent to the patient).',
  }),
  'inbox.sendHeldNow': defineCall({
    input: z.object({ messageId: idSchema }).strict(),
    output: threadMessageSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Send a held transactional message now, despite quiet hours or the daily cap (audited; never marketing).',
  }),
  'inbox.editHeld': defineCall({
    input: z.object({ messageId: idSchema, body: z.string().trim().min(1, 'Write something').max(1600) }).strict(),
    output: threadMessageSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Change the text of a held message before it goes (audited).',
  }),
  'inbox.cancelHeld': defineCall({
    input: z.object({ messageId: idSchema }).strict(),
    output: threadMessageSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Cancel a held message so it never goes (audited).',
  }),
  'inbox.conversation': defineCall({
    input: z.object({ conversationId: idSchema }).strict(),
    output: conversationSummarySchema,
    access: 'receptionist',
    mutates: false,
    summary: 'One conversation’s summary (title, unread, last message) without reading its thread: for the new-message toast.',
  }),
  'inbox.unreadTotal': defineCall({
    input: z.object({}).strict(),
    output: z.object({ unread: z.number().int() }),
    access: 'receptionist',
    mutates: false,
    summary: 'Unread messages across all conversations (tray badge).',
  }),
};
