/** Suppressions and the consent history as changed by patients' replies (SQL only). */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { consentEvents, suppressions } from '../db/schema';
import type { Channel, Purpose } from '../../shared/domain';

export type ConsentSource = (typeof consentEvents.$inferInsert)['source'];
export type SuppressionReason = (typeof suppressions.$inferInsert)['reason'];

export function activeSuppression(db: AppDb, channel: Channel, address: string): { id: number; reason: string } | undefined {
  return db
    .select({ id: suppressions.id, reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.channel, channel), eq(suppressions.address, address), isNull(suppressions.liftedAt)))
    .get();
}

export function insertSuppression(
  db: AppDb,
  values: { channel: Channel; address: string; reason: SuppressionReason; detail: string | null; now: number },
): number {
  return db
    .insert(suppressions)
    .values({ channel: values.channel, address: values.address, reason: values.reason, detail: values.detail, createdAt: values.now })
    .returning({ id: suppressions.id })
    .get().id;
}

/** Lifts the active suppressions for the address with the given reasons; returns how many. */
export function liftSuppressions(db: AppDb, channel: Channel, address: string, reasons: SuppressionReason[], by: string, now: number): number {
  let lifted = 0;
  for (const reason of reasons) {
    lifted += db
      .update(suppressions)
      .set({ liftedAt: now, liftedBy: by })
      .where(and(eq(suppressions.channel, channel), eq(suppressions.address, address), eq(suppressions.reason, reason), isNull(suppressions.liftedAt)))
      .run().changes;
  }
  return lifted;
}

export function latestConsentEvent(
  db: AppDb,
  patientId: number,
  channel: Channel,
  purpose: Purpose,
): { status: 'opted_in' | 'opted_out'; source: ConsentSource } | undefined {
  return db
    .select({ status: consentEvents.status, source: consentEvents.source })
    .from(consentEvents)
    .where(and(eq(consentEvents.patientId, patientId), eq(consentEvents.channel, channel), eq(consentEvents.purpose, purpose)))
    .orderBy(desc(consentEvents.id))
    .limit(1)
    .get();
}

export function appendConsentEvent(
  db: AppDb,
  values: {
    patientId: number;
    channel: Channel;
    purpose: Purpose;
    status: 'opted_in' | 'opted_out';
    source: ConsentSource;
    note: string | null;
    now: number;
    /** The staff member who made the change (source 'staff'). */
    actorStaffId?: number | null;
  },
): void {
  db.insert(consentEvents)
    .values({
      patientId: values.patientId,
      actorStaffId: values.actorStaffId ?? null,
      channel: values.channel,
      purpose: values.purpose,
      status: values.status,
      source: values.source,
      note: values.note,
      createdAt: values.now,
    })
    .run();
}
