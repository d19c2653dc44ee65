/**
 * The scheduler's settings (reply keywords, appointment notices, backups, retention, the clinic
 * mailbox read for email replies and bounces) and its jobs (last run, run now).
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { instantSchema } from '../domain';

const word = z.string().trim().min(1).max(20).regex(/^[\p{L}\p{N} ]+$/u, 'Letters and digits only');

export const schedulerSettingsViewSchema = z.object({
  keywords: z.object({ confirm: z.array(z.string()), reschedule: z.array(z.string()) }),
  notices: z.object({ booked: z.boolean(), moved: z.boolean(), cancelled: z.boolean() }),
  /** Hours after a booked/moved notice during which a reminder for it is skipped. */
  noticeSkipHours: z.number().int(),
  backupsKept: z.number().int(),
  messageRetentionDays: z.number().int().nullable(),
  imap: z
    .object({ host: z.string(), port: z.number().int(), secure: z.boolean(), user: z.string(), mailbox: z.string().optional(), hasPassword: z.boolean() })
    .nullable(),
});
export type SchedulerSettingsView = z.infer<typeof schedulerSettingsViewSchema>;

export const JOB_NAMES = [
  'reminders.plan',
  'reminders.fallback',
  'engine.wake',
  'inbound.twilio',
  'inbound.imap',
  'broadcasts.send',
  'retention',
  'backup',
] as const;

export const schedulerCalls = {
  'scheduler.getSettings': defineCall({
    input: z.object({}).strict(),
    output: schedulerSettingsViewSchema,
    access: 'manager',
    mutates: false,
    summary: 'Reply keywords, appointment notices, backups, retention and the mailbox (password never returned).',
  }),
  'scheduler.updateSettings': defineCall({
    input: z
      .object({
        keywords: z
          .object({ confirm: z.array(word).min(1).max(10), reschedule: z.array(word).min(1).max(10) })
          .strict()
          .optional(),
        notices: z.object({ booked: z.boolean(), moved: z.boolean(), cancelled: z.boolean() }).strict().optional(),
        noticeSkipHours: z.number().int().min(0).max(48).optional(),
        backupsKept: z.number().int().min(1).max(90).optional(),
        messageRetentionDays: z.number().int().min(30).max(3650).nullable().optional(),
        imap: z
          .object({
            host: z.string().trim().min(1).max(200),
            port: z.number().int().min(1).max(65535),
            secure: z.boolean(),
            user: z.string().trim().min(1).max(200),
            mailbox: z.string().trim().min(1).max(100).optional(),
            /** Write-only; omitted keeps the saved one, '' removes it. */
            password: z.string().max(500).optional(),
          })
          .strict()
          .nullable()
          .optional(),
      })
      .strict(),
    output: schedulerSettingsViewSchema,
    access: 'admin',
    mutates: true,
    summary: 'Change the scheduler settings.',
  }),
  'scheduler.jobs': defineCall({
    input: z.object({}).strict(),
    output: z.array(z.object({ name: z.enum(JOB_NAMES), lastRunAt: instantSchema.nullable() })),
    access: 'manager',
    mutates: false,
    summary: 'The background jobs and when each last ran.',
  }),
  'scheduler.runJob': defineCall({
    input: z.object({ name: z.enum(JOB_NAMES) }).strict(),
    output: z.object({ lastRunAt: instantSchema.nullable() }),
    access: 'manager',
    mutates: true,
    summary: 'Run a background job now (e.g. check the mailbox).',
  }),
};
