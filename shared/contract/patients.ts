import { z } from 'zod';
import { defineCall } from '../ipc/define';
import {
  contactPointInputSchema,
  idSchema,
  patientDetailSchema,
  patientFieldsSchema,
  patientSummarySchema,
} from '../domain';

export const patientCalls = {
  'patients.search': defineCall({
    input: z
      .object({
        query: z.string().max(200),
        includeArchived: z.boolean().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(patientSummarySchema), total: z.number().int() }),
    access: 'receptionist',
    mutates: false,
    summary: 'Find patients by name, phone, email or external id.',
  }),
  'patients.get': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: patientDetailSchema,
    access: 'receptionist',
    mutates: false,
    summary: 'One patient with contact points and appointments.',
  }),
  'patients.create': defineCall({
    input: patientFieldsSchema.extend({ contactPoints: z.array(contactPointInputSchema).max(20) }).strict(),
    output: patientDetailSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Create a patient with contact points.',
  }),
  'patients.update': defineCall({
    input: patientFieldsSchema
      .partial()
      .extend({ id: idSchema, contactPoints: z.array(contactPointInputSchema).max(20).optional() })
      .strict(),
    output: patientDetailSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Edit a patient; contact points, when given, replace the current set.',
  }),
  'patients.contactOwners': defineCall({
    input: z
      .object({ kind: z.enum(['phone', 'email']), value: z.string().trim().min(1).max(200), exceptPatientId: idSchema.optional() })
      .strict(),
    output: z.object({
      /** The value as it will be stored (E.164, lower-cased email), or null when it is not valid yet. */
      normalised: z.string().nullable(),
      owners: z.array(z.object({ id: idSchema, firstName: z.string(), lastName: z.string() })),
    }),
    access: 'receptionist',
    mutates: false,
    summary: 'Who else already has this phone or email (a family: saving links them into one household).',
  }),
  'patients.archive': defineCall({
    input: z.object({ id: idSchema, archived: z.boolean() }).strict(),
    output: patientDetailSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Archive or restore a patient.',
  }),
};
