/** Reminder rules (DESIGN section 6): offset before the appointment, channels, template, only-if-unconfirmed. */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema } from '../domain';

export const reminderRuleViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  offsetMinutes: z.number().int(),
  channels: z.array(channelSchema),
  templateId: idSchema.nullable(),
  onlyIfUnconfirmed: z.boolean(),
  enabled: z.boolean(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type ReminderRuleView = z.infer<typeof reminderRuleViewSchema>;

const ruleFields = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  /** Minutes before the appointment; at most 30 days. */
  offsetMinutes: z.number().int().min(5, 'At least 5 minutes before').max(30 * 24 * 60, 'At most 30 days before'),
  channels: z
    .array(channelSchema)
    .min(1, 'Pick at least one channel')
    .max(4)
    .refine((c) => new Set(c).size === c.length, 'Each channel once'),
  templateId: idSchema.nullable().optional(),
  onlyIfUnconfirmed: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const reminderCalls = {
  'reminders.listRules': defineCall({
    input: z.object({}).strict(),
    output: z.array(reminderRuleViewSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'The reminder rules, oldest first.',
  }),
  'reminders.createRule': defineCall({
    input: ruleFields.strict(),
    output: reminderRuleViewSchema,
    access: 'manager',
    mutates: true,
    summary: 'Add a reminder rule.',
  }),
  'reminders.updateRule': defineCall({
    input: ruleFields.partial().extend({ id: idSchema }).strict(),
    output: reminderRuleViewSchema,
    access: 'manager',
    mutates: true,
    summary: 'Edit a reminder rule (offset, channels, template, only-if-unconfirmed, enabled).',
  }),
  'reminders.deleteRule': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'manager',
    mutates: true,
    summary: 'Delete a reminder rule; reminders already queued stay queued.',
  }),
};
