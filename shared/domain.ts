/**
 * Domain value schemas shared by the IPC contract, the core and the renderer (DESIGN section 2).
 */
import { z } from 'zod';
import { ROLES } from './ipc/define';

export const CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Where one delivery of a message stands (DESIGN section 2). */
export const DELIVERY_STATES = ['queued', 'held', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const PURPOSES = ['transactional', 'marketing'] as const;
export const purposeSchema = z.enum(PURPOSES);
export type Purpose = z.infer<typeof purposeSchema>;

export const roleSchema = z.enum(ROLES);

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'cancelled', 'rescheduled', 'completed', 'no_show'] as const;
export const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

/** Calendar date `YYYY-MM-DD` that is a real day. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'Not a real date');

export const idSchema = z.number().int().positive();
/** An instant as milliseconds since the epoch. */
export const instantSchema = z.number().int().min(0).max(8.64e15);

const name = (label: string) => z.string().trim().min(1, `${label} is required`).max(100);

export const staffViewSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  active: z.boolean(),
  lastSignInAt: instantSchema.nullable(),
});
export type StaffView = z.infer<typeof staffViewSchema>;

export const contactPointInputSchema = z.object({
  kind: z.enum(['phone', 'email']),
  value: z.string().trim().min(1, 'Enter a phone number or email').max(200),
  label: z.string().trim().max(40).optional(),
  isPrimary: z.boolean().optional(),
});
export type ContactPointInput = z.infer<typeof contactPointInputSchema>;

export const contactPointViewSchema = z.object({
  id: idSchema,
  kind: z.enum(['phone', 'email']),
  value: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'invalid', 'bouncing']),
  statusReason: z.string().nullable(),
  isPrimary: z.boolean(),
  /** Other patients with this same phone or email ("also Maria Lopez's phone"). */
  sharedWith: z.array(z.object({ id: idSchema, firstName: z.string(), lastName: z.string() })),
});
export type ContactPointView = z.infer<typeof contactPointViewSchema>;

export const patientFieldsSchema = z.object({
  firstName: name('First name'),
  lastName: name('Last name'),
  dateOfBirth: isoDateSchema.nullable().optional(),
  externalId: z.string().trim().min(1).max(64).nullable().optional(),
  language: z.string().trim().min(2).max(10).optional(),
  timeZone: z.string().trim().min(1).max(64).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
});

export const patientSummarySchema = z.object({
  id: idSchema,
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string().nullable(),
  externalId: z.string().nullable(),
  archived: z.boolean(),
  primaryPhone: z.string().nullable(),
  primaryEmail: z.string().nullable(),
});
export type PatientSummary = z.infer<typeof patientSummarySchema>;

export const appointmentViewSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  patientName: z.string(),
  externalId: z.string().nullable(),
  clinician: z.string(),
  location: z.string(),
  reason: z.string().nullable(),
  startsAt: instantSchema,
  durationMinutes: z.number().int(),
  status: appointmentStatusSchema,
  confirmedAt: instantSchema.nullable(),
  confirmedVia: z.string().nullable(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

export const patientDetailSchema = z.object({
  id: idSchema,
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string().nullable(),
  externalId: z.string().nullable(),
  language: z.string(),
  timeZone: z.string().nullable(),
  tags: z.array(z.string()),
  archived: z.boolean(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  contactPoints: z.array(contactPointViewSchema),
  appointments: z.array(appointmentViewSchema),
  /** The patients linked by a shared contact point, and their one conversation (null until a message). */
  household: z
    .object({
      id: idSchema,
      conversationId: idSchema.nullable(),
      members: z.array(z.object({ id: idSchema, firstName: z.string(), lastName: z.string() })),
    })
    .nullable(),
});
export type PatientDetail = z.infer<typeof patientDetailSchema>;

export const clinicSettingsSchema = z.object({
  clinicName: z.string().trim().min(1).max(100),
  clinicPhone: z.string().trim().max(40),
  timeZone: z.string().trim().min(1).max(64),
  /** ISO 3166 alpha-2 country used to read phone numbers written without a country code. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. US'),
  idleLockMinutes: z.number().int().min(1).max(240),
  quietHours: z.object({
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  }),
  dailyCap: z.number().int().min(1).max(100),
  /** Start Frontdesk (hidden in the tray) when someone signs in to this computer, so reminders go out after a reboot. */
  startAtLogin: z.boolean(),
  /** A staff reply this many hours after the patient's own message is an answer: not held by quiet hours or the cap. */
  replyWindowHours: z.number().int().min(0).max(72),
});
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

export const defaultClinicSettings: ClinicSettings = {
  clinicName: 'My Clinic',
  clinicPhone: '',
  timeZone: 'America/New_York',
  defaultCountry: 'US',
  idleLockMinutes: 10,
  quietHours: { start: '21:00', end: '08:00' },
  dailyCap: 10,
  startAtLogin: true,
  replyWindowHours: 12,
};
