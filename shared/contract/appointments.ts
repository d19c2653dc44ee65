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

/** Said, not refused: the booking is saved all the same. */
export const bookingWarningSchema = z.object({ code: z.enum(['past', 'overlap']), message: z.string() });
export type BookingWarning = z.infer<typeof bookingWarningSchema>;

/** An appointment in the day and week views: its confirmation, its reminders and any warning. */
export const scheduledAppointmentSchema = appointmentViewSchema.extend({
  reminder: z.object({
    /** When the next reminder rule is due for it (null: none left). */
    nextAt: instantSchema.nullable(),
    nextRule: z.string().nullable(),
    /** The latest reminder queued for it, with its delivery's state now. */
    last: z
      .object({ at: instantSchema, rule: z.string(), channel: z.string().nullable(), state: z.string().nullable(), reasonCode: z.string().nullable() })
      .nullable(),
    /** The patient's latest message after that reminder. */
    reply: z.object({ at: instantSchema, body: z.string() }).nullable(),
  }),
  warnings: z.array(bookingWarningSchema),
});
export type ScheduledAppointment = z.infer<typeof scheduledAppointmentSchema>;

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
  'appointments.schedule': defineCall({
    input: z
      .object({
        /** First day (clinic time zone). */
        from: isoDateSchema,
        days: z.number().int().min(1).max(14),
        clinician: z.string().trim().min(1).max(100).optional(),
      })
      .strict(),
    output: z.array(scheduledAppointmentSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'Appointments on one or more days (optionally one clinician) with confirmation, reminder state and warnings.',
  }),
  'appointments.check': defineCall({
    input: z
      .object({
        clinician: z.string().trim().min(1).max(100),
        startsAt: instantSchema,
        durationMinutes: z.number().int().min(5).max(24 * 60).optional(),
        /** The appointment being edited (not an overlap with itself). */
        id: idSchema.optional(),
      })
      .strict(),
    output: z.array(bookingWarningSchema),
    access: 'receptionist',
    mutates: false,
    summary: 'Warnings for a booking before it is saved: in the past, or overlapping the clinician’s other bookings.',
  }),
  'appointments.options': defineCall({
    input: z.object({}).strict(),
    output: z.object({ clinicians: z.array(z.string()), locations: z.array(z.string()) }),
    access: 'receptionist',
    mutates: false,
    summary: 'The clinic’s own clinician and location names (from its appointments), sorted.',
  }),
};
