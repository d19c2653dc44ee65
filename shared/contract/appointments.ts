import { z } from 'zod';
import { defineCall } from '../ipc/define';
import { appointmentViewSchema, idSchema, instantSchema, isoDateSchema } from '../domain';

const fields = z.object({
  clinician: z.string().trim().min(1, 'Clinician is required').max(100),
  location: z.string().trim().max(100).optional(),
  reason: z.string().trim().max(500).nullable().optional(),
  startsAt: instantSchema,
  durationMinutes: z.number().int().min(5).max(24 * 60).optional(),
  externalId: z.string().trim().min(1).max(64).nullable().optional(),
});

export const appointmentCalls = {
  'appointments.create': defineCall({
    input: fields.extend({ patientId: idSchema }).strict(),
    output: appointmentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Book an appointment.',
  }),
  'appointments.update': defineCall({
    input: fields.partial().extend({ id: idSchema }).strict(),
    output: appointmentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Edit an appointment; a new start time moves it.',
  }),
  'appointments.cancel': defineCall({
    input: z.object({ id: idSchema }).strict(),
    output: appointmentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Cancel an appointment.',
  }),
  'appointments.setStatus': defineCall({
    input: z.object({ id: idSchema, status: z.enum(['confirmed', 'completed', 'no_show']) }).strict(),
    output: appointmentViewSchema,
    access: 'receptionist',
    mutates: true,
    summary: 'Staff mark an appointment confirmed (confirmed via staff), completed or a no-show.',
  }),
  'appointments.listByDay': defineCall({
    input: z.object({ date: isoDateSchema }).strict(),
    output: z.array(appointmentViewSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'Appointments on one day in the clinic’s time zone, by start time.',
  }),
  'appointments.listForPatient': defineCall({
    input: z.object({ patientId: idSchema }).strict(),
    output: z.array(appointmentViewSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'A patient’s appointments, newest first.',
  }),
  'appointments.options': defineCall({
    input: z.object({}).strict(),
    output: z.object({ clinicians: z.array(z.string()), locations: z.array(z.string()) }),
    access: 'receptionist',
    mutates: false,
    summary: 'The clinic’s own clinician and location names (from its appointments), sorted.',
  }),
};
