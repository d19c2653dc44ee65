/**
 * The variables a template is rendered with, built the same way for previews and for sending.
 */
import type { Channel } from '../domain';
import { cleanSpaces, TemplateError } from './liquid';
import { formatInZone, isValidZone } from './zoned-time';
import { APPOINTMENT_CATEGORIES, TEMPLATE_VARIABLES, type TemplateCategory } from './variables';

export interface ClinicBrand {
  name: string;
  phone: string;
  /** Header colour of the email layout (#rgb or #rrggbb); a calm blue by default. */
  brandColor?: string;
}

export interface TemplateContext {
  patient: { firstName: string; lastName: string; fullName: string };
  /** Everyone one message is for: "Emma and Noah" when a family shares the phone. */
  recipients: { firstNames: string };
  clinic: { name: string; phone: string | null };
  appointment?: {
    start: string;
    date: string;
    time: string;
    durationMinutes: number;
    clinician: string;
    location: string | null;
    reason: string | null;
    clinicianSpecialty: string | null;
    notes: string | null;
    confirmUrl: string | null;
  };
  unsubscribeUrl?: string;
}

export interface ContextInput {
  patient: { firstName: string; lastName: string };
  /** Defaults to the patient's first name (a message for one person). */
  recipientFirstNames?: string;
  clinic: { name: string; phone?: string | null };
  appointment?: {
    /** Epoch milliseconds. */
    startsAt: number;
    durationMinutes: number;
    clinician: string;
    location?: string | null;
    reason?: string | null;
    clinicianSpecialty?: string | null;
    notes?: string | null;
    confirmUrl?: string | null;
  } | null;
  /** Email only. */
  unsubscribeUrl?: string | null;
}

const emptyToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v);

/** Builds the context; `appointment.date`/`time` are formatted in `timeZone` and `language`. */
export function buildTemplateContext(input: ContextInput, options: { timeZone: string; language: string }): TemplateContext {
  assertZone(options.timeZone);
  const context: TemplateContext = {
    patient: {
      firstName: input.patient.firstName,
      lastName: input.patient.lastName,
      fullName: `${input.patient.firstName} ${input.patient.lastName}`.trim(),
    },
    recipients: { firstNames: input.recipientFirstNames ?? input.patient.firstName },
    clinic: { name: input.clinic.name, phone: emptyToNull(input.clinic.phone) },
  };
  const a = input.appointment;
  if (a) {
    context.appointment = {
      start: new Date(a.startsAt).toISOString(),
      ...appointmentDateTime(a.startsAt, options.timeZone, options.language),
      durationMinutes: a.durationMinutes,
      clinician: a.clinician,
      location: emptyToNull(a.location),
      reason: emptyToNull(a.reason),
      clinicianSpecialty: emptyToNull(a.clinicianSpecialty),
      notes: emptyToNull(a.notes),
      confirmUrl: emptyToNull(a.confirmUrl),
    };
  }
  if (input.unsubscribeUrl) context.unsubscribeUrl = input.unsubscribeUrl;
  return context;
}

/** A readable TemplateError for a zone Intl does not know (e.g. a typo in a patient's record). */
export function assertZone(timeZone: string): void {
  if (!isValidZone(timeZone)) throw new TemplateError([{ path: 'timeZone', message: `Unknown time zone "${timeZone}"` }]);
}

/** `appointment.date` ("Tuesday, March 10") and `appointment.time` ("10:30 AM") in a zone and language. */
export function appointmentDateTime(startsAt: number, timeZone: string, language: string): { date: string; time: string } {
  return {
    date: cleanSpaces(formatInZone(startsAt, timeZone, language, 'appointment.date', { weekday: 'long', month: 'long', day: 'numeric' })),
    time: cleanSpaces(formatInZone(startsAt, timeZone, language, 'appointment.time', { hour: 'numeric', minute: '2-digit' })),
  };
}

/** The same context with the ready-made date and time in another language (when a fallback language is used). */
export function localizeContext(context: TemplateContext, timeZone: string, language: string): TemplateContext {
  if (!context.appointment) return context;
  const startsAt = Date.parse(context.appointment.start);
  if (Number.isNaN(startsAt)) return context;
  return { ...context, appointment: { ...context.appointment, ...appointmentDateTime(startsAt, timeZone, language) } };
}

function sampleValue(path: string): string | number | null {
  return TEMPLATE_VARIABLES.find((v) => v.path === path)?.sample ?? null;
}

/**
 * A complete context with every variable the channel and category offer, filled with sample
 * values (in the given zone and language): what save-time validation renders against.
 */
export function sampleContext(channel: Channel, category: TemplateCategory, options: { timeZone: string; language: string; clinic?: ClinicBrand }): TemplateContext {
  const withAppointment = APPOINTMENT_CATEGORIES.includes(category);
  return buildTemplateContext(
    {
      patient: { firstName: String(sampleValue('patient.firstName')), lastName: String(sampleValue('patient.lastName')) },
      clinic: { name: options.clinic?.name ?? String(sampleValue('clinic.name')), phone: options.clinic?.phone || String(sampleValue('clinic.phone')) },
      appointment: withAppointment
        ? {
            startsAt: Date.parse(String(sampleValue('appointment.start'))),
            durationMinutes: Number(sampleValue('appointment.durationMinutes')),
            clinician: String(sampleValue('appointment.clinician')),
            location: String(sampleValue('appointment.location')),
            reason: String(sampleValue('appointment.reason')),
            clinicianSpecialty: String(sampleValue('appointment.clinicianSpecialty')),
            notes: String(sampleValue('appointment.notes')),
            confirmUrl: String(sampleValue('appointment.confirmUrl')),
          }
        : null,
      unsubscribeUrl: channel === 'email' ? String(sampleValue('unsubscribeUrl')) : null,
    },
    options,
  );
}
