/**
 * Read queries behind the inbox's context panel: the patients of a conversation (its patient,
 * those its messages are about, and those sharing its address), their next appointment with its
 * reminders, and their consent and suppression per channel.
 */
import { and, asc, desc, eq, gte, inArray, notInArray, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { appointments, contactPoints, conversations, deliveries, messages, patients, reminderSends } from '../db/schema';
import { CHANNELS } from '../../shared/domain';
import type { ContextPatient } from '../../shared/contract/inbox-context';
import { getContactStatus, isSuppressed, latestConsent } from './rules-facts-repo';

const MAX_PATIENTS = 12;

export function conversationPatientIds(db: AppDb, conversationId: number): number[] {
  const conversation = db.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!conversation) return [];
  const ids = new Set<number>();
  if (conversation.patientId !== null) ids.add(conversation.patientId);
  for (const r of db.selectDistinct({ id: messages.patientId }).from(messages).where(eq(messages.conversationId, conversationId)).limit(MAX_PATIENTS).all()) {
    if (r.id !== null) ids.add(r.id);
  }
  // The household: whoever shares this conversation's phone or email.
  const addresses = new Set<string>();
  if (conversation.address) addresses.add(conversation.address);
  if (conversation.patientId !== null) {
    for (const cp of db.select({ value: contactPoints.value }).from(contactPoints).where(eq(contactPoints.patientId, conversation.patientId)).all()) addresses.add(cp.value);
  }
  if (addresses.size > 0) {
    for (const r of db.selectDistinct({ id: contactPoints.patientId }).from(contactPoints).where(inArray(contactPoints.value, [...addresses])).limit(MAX_PATIENTS).all()) ids.add(r.id);
  }
  return [...ids].slice(0, MAX_PATIENTS);
}

function nextAppointment(db: AppDb, patientId: number, now: number): ContextPatient['nextAppointment'] {
  const a = db
    .select()
    .from(appointments)
    .where(and(eq(appointments.patientId, patientId), gte(appointments.startsAt, now), notInArray(appointments.status, ['cancelled', 'rescheduled', 'completed', 'no_show'])))
    .orderBy(asc(appointments.startsAt))
    .limit(1)
    .get();
  if (!a) return null;
  const reminders = db
    .select({
      channel: reminderSends.channel,
      outcome: reminderSends.outcome,
      at: reminderSends.createdAt,
      state: sql<string | null>`(select d.state from ${deliveries} d where d.message_id = ${reminderSends.messageId} order by d.id desc limit 1)`,
    })
    .from(reminderSends)
    .where(and(eq(reminderSends.appointmentId, a.id), eq(reminderSends.scheduleRevision, a.scheduleRevision)))
    .orderBy(asc(reminderSends.id))
    .all();
  return {
    id: a.id,
    startsAt: a.startsAt,
    clinician: a.clinician,
    location: a.location,
    status: a.status,
    confirmedAt: a.confirmedAt,
    confirmedVia: a.confirmedVia,
    reminders,
  };
}

function lastVisit(db: AppDb, patientId: number, recorded: number | null, now: number): number | null {
  const row = db
    .select({ at: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.patientId, patientId), eq(appointments.status, 'completed'), sql`${appointments.startsAt} < ${now}`))
    .orderBy(desc(appointments.startsAt))
    .limit(1)
    .get();
  const completed = row?.at ?? null;
  if (recorded === null) return completed;
  return completed === null ? recorded : Math.max(recorded, completed);
}

export function contextPatients(db: AppDb, ids: number[], now: number): ContextPatient[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(patients).where(inArray(patients.id, ids)).orderBy(asc(patients.lastName), asc(patients.firstName)).all();
  return rows.map((p) => {
    const points = db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.patientId, p.id))
      .orderBy(desc(contactPoints.isPrimary), asc(contactPoints.id))
      .all();
    const channels = CHANNELS.map((channel) => {
      const kind = channel === 'email' ? 'email' : 'phone';
      const address = points.find((cp) => cp.kind === kind)?.value ?? null;
      return {
        channel,
        address,
        transactional: latestConsent(db, p.id, channel, 'transactional'),
        marketing: latestConsent(db, p.id, channel, 'marketing'),
        suppressed: address !== null && isSuppressed(db, channel, address),
        contactStatus: address === null ? null : getContactStatus(db, kind, address),
      };
    });
    return {
      id: p.id,
      name: `${p.firstName} ${p.lastName}`,
      dateOfBirth: p.dateOfBirth,
      language: p.language,
      archived: p.archived,
      lastVisitAt: lastVisit(db, p.id, p.lastVisitAt, now),
      nextAppointment: nextAppointment(db, p.id, now),
      channels,
    };
  });
}
