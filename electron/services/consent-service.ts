/**
 * Consent and preferences as staff see and change them (DESIGN §2). Consent is an append-only
 * history; the engine reads the latest event per patient × channel × purpose (engine-repo
 * `latestConsent`), the preferences row (`channel_order`, `quiet_hours_override`) and the
 * patient's `language`, so this service writes exactly those.
 *
 * Staff may not lift a STOP: while an address has an active `stop_keyword` / `provider_opt_out`
 * suppression, recording an opt-in on that channel is refused (the patient texts START).
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import { consentEvents, preferences, staff, suppressions } from '../db/schema';
import type { Clock } from '../foundation/clock';
import type { EventBus } from '../foundation/event-bus';
import { conflict, notFound } from '../foundation/errors';
import { findPatient, listContactPoints, updatePatient } from '../repos/patients-repo';
import { appendConsentEvent } from '../repos/consent-repo';
import type { Engine } from '../engine';
import { CHANNELS, PURPOSES, type Channel, type Purpose } from '../../shared/domain';
import type { InputOf } from '../../shared/contract';
import type { ConsentCell, ConsentHistoryEntry, ConsentView, QuietHoursOverride, SuppressionView } from '../../shared/contract/consent';

/** The engine's default when a patient has no preferences row (engine/channel-choice.ts). */
const DEFAULT_ORDER: Channel[] = ['sms', 'email'];
const PATIENT_ONLY_LIFT = new Set(['stop_keyword', 'provider_opt_out']);

// ---------- SQL ----------

export function consentHistory(db: AppDb, patientId: number): ConsentHistoryEntry[] {
  return db
    .select({
      id: consentEvents.id,
      channel: consentEvents.channel,
      purpose: consentEvents.purpose,
      status: consentEvents.status,
      source: consentEvents.source,
      actorName: staff.displayName,
      note: consentEvents.note,
      at: consentEvents.createdAt,
    })
    .from(consentEvents)
    .leftJoin(staff, eq(staff.id, consentEvents.actorStaffId))
    .where(eq(consentEvents.patientId, patientId))
    .orderBy(desc(consentEvents.id))
    .all();
}

export function activeSuppressionsFor(db: AppDb, addresses: string[]) {
  if (addresses.length === 0) return [];
  return db
    .select()
    .from(suppressions)
    .where(and(inArray(suppressions.address, addresses), isNull(suppressions.liftedAt)))
    .orderBy(desc(suppressions.id))
    .all();
}

export function getPreferencesRow(db: AppDb, patientId: number) {
  return db.select().from(preferences).where(eq(preferences.patientId, patientId)).get();
}

export function upsertPreferences(
  db: AppDb,
  patientId: number,
  values: { channelOrder: Channel[]; language: string | null; quietHoursOverride: QuietHoursOverride },
  now: number,
): void {
  db.insert(preferences)
    .values({ patientId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: preferences.patientId, set: { ...values, updatedAt: now } })
    .run();
}

/** Messages for the patient with a not-yet-sent delivery on the channel, of the given purposes. */
export function pendingMessageIds(db: AppDb, patientId: number, channel: Channel, purposes: Purpose[]): number[] {
  const placeholders = purposes.map(() => '?').join(',');
  const rows = db.$client
    .prepare(
      `select distinct m.id from messages m join deliveries d on d.message_id = m.id
       where m.patient_id = ? and d.channel = ? and d.state in ('queued','held') and m.purpose in (${placeholders})`,
    )
    .all(patientId, channel, ...purposes) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

// ---------- service ----------

export class ConsentService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly engine: Pick<Engine, 'cancelQueuedFor'>,
  ) {}

  get(patientId: number): ConsentView {
    const patient = findPatient(this.db, patientId);
    if (!patient) throw notFound('That patient');
    const history = consentHistory(this.db, patientId);
    const cells: ConsentCell[] = [];
    for (const channel of CHANNELS) {
      for (const purpose of PURPOSES) {
        const latest = history.find((h) => h.channel === channel && h.purpose === purpose);
        cells.push(
          latest
            ? { channel, purpose, state: latest.status, source: latest.source, at: latest.at }
            : { channel, purpose, state: 'default', source: null, at: null },
        );
      }
    }
    const prefs = getPreferencesRow(this.db, patientId);
    return {
      patientId,
      cells,
      suppressions: this.suppressions(patientId),
      preferences: {
        channelOrder: prefs?.channelOrder ?? DEFAULT_ORDER,
        language: patient.language,
        quietHoursOverride: prefs?.quietHoursOverride ?? null,
      },
      history,
    };
  }

  set(input: InputOf<'consent.set'>, actorStaffId: number): ConsentView {
    const { patientId, channel, purpose, status } = input;
    if (!findPatient(this.db, patientId)) throw notFound('That patient');
    const note = input.note && input.note.length > 0 ? input.note : null;
    inTransaction(this.db, () => {
      if (status === 'opted_in') {
        const stop = this.suppressions(patientId).find((s) => s.channel === channel && s.patientMustOptIn);
        if (stop) {
          throw conflict(
            `${stop.address} opted out by texting STOP; staff cannot undo that. The patient can text START to opt back in.`,
          );
        }
      }
      appendConsentEvent(this.db, { patientId, channel, purpose, status, source: 'staff', actorStaffId, note, now: this.clock.now() });
    });
    if (status === 'opted_out') {
      // The engine also re-checks consent right before the provider call (dispatcher prepareOne →
      // rules.gatherFacts/decide); cancelling here makes the queue show it at once. A transactional
      // opt-out refuses every purpose on the channel (rules.decide), so it cancels both.
      const purposes: Purpose[] = purpose === 'transactional' ? ['transactional', 'marketing'] : ['marketing'];
      for (const messageId of pendingMessageIds(this.db, patientId, channel, purposes)) {
        this.engine.cancelQueuedFor({ messageId }, 'opted_out');
      }
    }
    this.events.emit('patients.changed', { patientId });
    return this.get(patientId);
  }

  updatePreferences(input: InputOf<'preferences.update'>): ConsentView {
    const { patientId } = input;
    const patient = findPatient(this.db, patientId);
    if (!patient) throw notFound('That patient');
    const now = this.clock.now();
    inTransaction(this.db, () => {
      const current = getPreferencesRow(this.db, patientId);
      const language = input.language ?? patient.language;
      upsertPreferences(
        this.db,
        patientId,
        {
          channelOrder: input.channelOrder ?? current?.channelOrder ?? DEFAULT_ORDER,
          language,
          quietHoursOverride: input.quietHoursOverride === undefined ? (current?.quietHoursOverride ?? null) : input.quietHoursOverride,
        },
        now,
      );
      // Templates render in patients.language (engine/render.ts); keep the two the same.
      if (input.language !== undefined) updatePatient(this.db, patientId, { language, updatedAt: now });
    });
    this.events.emit('patients.changed', { patientId });
    return this.get(patientId);
  }

  private suppressions(patientId: number): SuppressionView[] {
    const points = listContactPoints(this.db, patientId);
    const channelsOf = (kind: 'phone' | 'email'): Channel[] => (kind === 'email' ? ['email'] : ['sms', 'whatsapp', 'voice']);
    const wanted = new Set(points.flatMap((p) => channelsOf(p.kind).map((c) => `${c}|${p.value}`)));
    return activeSuppressionsFor(
      this.db,
      points.map((p) => p.value),
    )
      .filter((s) => wanted.has(`${s.channel}|${s.address}`))
      .map((s) => ({
        id: s.id,
        channel: s.channel,
        address: s.address,
        reason: s.reason,
        detail: s.detail,
        at: s.createdAt,
        patientMustOptIn: PATIENT_ONLY_LIFT.has(s.reason),
      }));
  }
}
