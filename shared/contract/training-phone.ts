/**
 * The training phone's reading calls: who staff can text as (every patient with a phone or
 * email, and any number that received something), and one address's whole history — what the
 * clinic sent it and what was sent from it — in the order it happened.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema } from '../domain';

export const phoneContactSchema = z.object({
  address: z.string(),
  kind: z.enum(['phone', 'email']),
  /** The patient's name, or null for a number no patient has. */
  name: z.string().nullable(),
  patientId: idSchema.nullable(),
});

export const phoneEntrySchema = z.object({
  messageId: idSchema,
  /** inbound: the patient wrote it (from this phone); outbound: the clinic sent it to this phone. */
  direction: z.enum(['inbound', 'outbound']),
  channel: channelSchema,
  subject: z.string().nullable(),
  body: z.string(),
  at: instantSchema,
  state: z.string().nullable(),
});

export const trainingPhoneCalls = {
  'trainingPhone.contacts': defineCall({
    input: z.object({}).strict(),
    output: z.object({ items: z.array(phoneContactSchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'Who the training phone can text as: patients with a phone or email, and numbers that received messages.',
  }),
  'trainingPhone.history': defineCall({
    input: z.object({ address: z.string().trim().min(3).max(320) }).strict(),
    output: z.object({ address: z.string(), names: z.array(z.string()), items: z.array(phoneEntrySchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'Everything sent to and from one phone or email address, oldest first.',
  }),
};
