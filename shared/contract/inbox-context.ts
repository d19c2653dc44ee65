/**
 * The context panel beside a thread: who the conversation is about (the household sharing its
 * address), each one's next appointment with its confirmation and reminders, consent and
 * opt-outs per channel, language and last visit.
 */
import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { channelSchema, idSchema, instantSchema } from '../domain';

const consentState = z.enum(['opted_in', 'opted_out']).nullable();

export const contextPatientSchema = z.object({
  id: idSchema,
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  language: z.string(),
  archived: z.boolean(),
  lastVisitAt: instantSchema.nullable(),
  nextAppointment: z
    .object({
      id: idSchema,
      startsAt: instantSchema,
      clinician: z.string(),
      location: z.string(),
      status: z.string(),
      confirmedAt: instantSchema.nullable(),
      confirmedVia: z.string().nullable(),
      /** Reminders for this appointment's current time, oldest first, with their latest delivery state. */
      reminders: z.array(z.object({ channel: channelSchema.nullable(), outcome: z.string(), state: z.string().nullable(), at: instantSchema })),
    })
    .nullable(),
  channels: z.array(
    z.object({
      channel: channelSchema,
      address: z.string().nullable(),
      transactional: consentState,
      marketing: consentState,
      /** On the suppression list (STOP, bounce, staff). */
      suppressed: z.boolean(),
      contactStatus: z.enum(['ok', 'invalid', 'bouncing']).nullable(),
    }),
  ),
});
export type ContextPatient = z.infer<typeof contextPatientSchema>;

export const inboxContextCalls = {
  'inbox.context': defineCall({
    input: z.object({ conversationId: idSchema }).strict(),
    output: z.object({ patients: z.array(contextPatientSchema) }),
    access: 'receptionist',
    mutates: false,
    summary: 'The patients a conversation is about, with next appointment, reminders, consent and opt-outs per channel.',
  }),
};
