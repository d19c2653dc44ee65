/**
 * What happens when a patient's SMS or WhatsApp reply arrives (any path: Twilio polling, the
 * sandbox's "reply as patient"): keywords act at once, sentences are flagged, everything is
 * notified. Registered as the engine's inbound actor: `act` runs inside the transaction that
 * stores the message (so a STOP is never stored without being acted on) and returns what to do
 * after commit (desktop notifications, events).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import { appointments } from '../db/schema';
import type { Clock } from '../foundation/clock';
import type { Logger } from '../foundation/logger';
import type { EventBus } from '../foundation/event-bus';
import type { Notifier } from '../foundation/ports';
import type { InboundMessage, MessagingPort } from '../engine/messaging-port';
import { totalUnread, updateConversation } from '../repos/conversations-repo';
import { patientAddress, patientsWithAddress } from '../reminders/contact-lookup';
import { answeredReminder, confirmedText, householdUpcomingBooked, unmatchedConfirmText, type ConfirmableAppointment } from './confirmation';
import { classifyReply, type KeywordConfig, type KeywordKind } from './keywords';
import { activeSuppression, appendConsentEvent, insertSuppression, latestConsentEvent, liftSuppressions } from '../repos/consent-repo';
import { helpReply, START_CONFIRMATION, STOP_CONFIRMATION } from '../../shared/keywords';

export interface ReplyHandlerDeps {
  db: AppDb;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  notifier: Notifier;
  messaging: MessagingPort;
  clinic: () => { clinicName: string; clinicPhone: string; timeZone: string };
  keywords: () => KeywordConfig;
}

export interface ReplyOutcome {
  kind: KeywordKind;
  /** Appointments confirmed by this reply. */
  confirmed: number[];
  /** Deliveries cancelled because of an opt-out. */
  cancelled: number;
  /** A reply was queued (confirmation, help text, thank-you). */
  replied: boolean;
}

export { START_CONFIRMATION, STOP_CONFIRMATION };

export class ReplyHandler {
  constructor(private readonly deps: ReplyHandlerDeps) {}

  /** Work to do once the inbound message and what it did have committed. */
  private after: Array<() => void> = [];

  /** Acts and runs the follow-ups at once (callers outside the engine's inbound transaction). */
  handle(message: InboundMessage): ReplyOutcome {
    const { outcome, after } = inTransaction(this.deps.db, () => this.act(message));
    after();
    return outcome;
  }

  /** The database work of a reply, for the inbound transaction; `after` notifies once committed. */
  act(message: InboundMessage): { outcome: ReplyOutcome; after: () => void } {
    this.after = [];
    const outcome = this.classifyAndAct(message);
    const pending = this.after;
    this.after = [];
    return {
      outcome,
      after: () => {
        for (const f of pending) f();
      },
    };
  }

  private classifyAndAct(message: InboundMessage): ReplyOutcome {
    const outcome: ReplyOutcome = { kind: 'none', confirmed: [], cancelled: 0, replied: false };
    if (message.channel !== 'sms' && message.channel !== 'whatsapp') {
      this.notify(message);
      return outcome;
    }
    outcome.kind = classifyReply(message.body, this.deps.keywords());
    switch (outcome.kind) {
      case 'opt_out':
        this.optOut(message, outcome);
        break;
      case 'opt_in':
        this.optIn(message, outcome);
        break;
      case 'help':
        outcome.replied = this.reply(message, `help:${message.messageId}`, this.helpText());
        break;
      case 'confirm':
        this.confirm(message, outcome);
        break;
      case 'reschedule':
        this.flag(message, 'reschedule');
        this.notify(message, 'Reschedule request');
        break;
      case 'possible_opt_out':
        this.flag(message, 'possible_opt_out');
        this.notify(message, 'Possible opt-out');
        break;
      default:
        this.notify(message);
    }
    return outcome;
  }

  helpText(): string {
    const { clinicName, clinicPhone } = this.deps.clinic();
    return helpReply(clinicName, clinicPhone);
  }

  private optOut(message: InboundMessage, outcome: ReplyOutcome): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    const channel = message.channel;
    // Suppress first: from this commit on, the engine's pre-send check refuses the address.
    const suppressionId = inTransaction(db, () => {
      if (activeSuppression(db, channel, message.address)) return null;
      const id = insertSuppression(db, { channel, address: message.address, reason: 'stop_keyword', detail: `inbound message ${message.messageId}`, now });
      for (const patientId of this.sharers(message)) {
        const marketing = latestConsentEvent(db, patientId, channel, 'marketing');
        appendConsentEvent(db, { patientId, channel, purpose: 'transactional', status: 'opted_out', source: 'sms_keyword', note: message.body.trim().slice(0, 40), now });
        if (marketing?.status === 'opted_in') {
          appendConsentEvent(db, { patientId, channel, purpose: 'marketing', status: 'opted_out', source: 'sms_keyword', note: message.body.trim().slice(0, 40), now });
        }
      }
      return id;
    });
    outcome.cancelled = this.deps.messaging.cancelQueuedFor({ channel, address: message.address }, 'opted_out');
    // One confirmation per opt-out: a second STOP while suppressed gets none.
    if (suppressionId !== null) outcome.replied = this.reply(message, `optout-confirmation:${suppressionId}`, STOP_CONFIRMATION);
    this.deps.logger.info('opt-out by keyword', { channel, messageId: message.messageId, cancelled: outcome.cancelled });
  }

  private optIn(message: InboundMessage, outcome: ReplyOutcome): void {
    const { db, clock } = this.deps;
    const now = clock.now();
    const channel = message.channel;
    const lifted = inTransaction(db, () => {
      const n = liftSuppressions(db, channel, message.address, ['stop_keyword', 'provider_opt_out'], 'sms_keyword', now);
      for (const patientId of this.sharers(message)) {
        const transactional = latestConsentEvent(db, patientId, channel, 'transactional');
        if (transactional?.status === 'opted_out') {
          appendConsentEvent(db, { patientId, channel, purpose: 'transactional', status: 'opted_in', source: 'sms_keyword', note: 'START', now });
        }
        // Marketing comes back only if a STOP took it away; START is not a new marketing opt-in.
        const marketing = latestConsentEvent(db, patientId, channel, 'marketing');
        if (marketing?.status === 'opted_out' && marketing.source === 'sms_keyword') {
          appendConsentEvent(db, { patientId, channel, purpose: 'marketing', status: 'opted_in', source: 'sms_keyword', note: 'START', now });
        }
      }
      return n;
    });
    if (lifted > 0) outcome.replied = this.reply(message, `optin-confirmation:${message.messageId}`, START_CONFIRMATION);
  }

  private confirm(message: InboundMessage, outcome: ReplyOutcome): void {
    const { db, clock, events } = this.deps;
    const now = clock.now();
    const clinic = this.deps.clinic();
    // The reminder being answered: the most recent one that reached this address.
    let targets: ConfirmableAppointment[] = answeredReminder(db, message.address, now)?.appointments ?? [];
    if (targets.length === 0) {
      const upcoming = householdUpcomingBooked(db, this.sharers(message), now);
      if (upcoming.length !== 1) {
        // Nothing (or too much) to go on: tell the patient a person will answer, and flag it.
        outcome.replied = this.reply(message, `confirm-unmatched:${message.messageId}`, unmatchedConfirmText(clinic));
        this.flag(message, 'confirm_unmatched');
        this.notify(message, 'Confirmation to check');
        return;
      }
      targets = upcoming;
    }
    const ids = targets.map((a) => a.id);
    const changed = db
      .update(appointments)
      .set({ status: 'confirmed', confirmedAt: now, confirmedVia: `${message.channel}_reply`, updatedAt: now })
      .where(and(inArray(appointments.id, ids), eq(appointments.status, 'booked')))
      .returning({ id: appointments.id, patientId: appointments.patientId })
      .all();
    outcome.confirmed = changed.map((a) => a.id);
    this.after.push(() => {
      for (const a of changed) events.emit('appointments.changed', { appointmentId: a.id, patientId: a.patientId });
    });
    outcome.replied = this.reply(message, `confirm-thanks:${message.messageId}`, confirmedText(targets, clinic));
    this.deps.logger.info('appointment confirmed by reply', { appointmentIds: ids, newlyConfirmed: outcome.confirmed });
  }

  private sharers(message: InboundMessage): number[] {
    const ids = new Set(message.patientIds);
    for (const id of patientsWithAddress(this.deps.db, 'phone', message.address)) ids.add(id);
    return [...ids];
  }

  private flag(message: InboundMessage, flag: 'reschedule' | 'possible_opt_out' | 'confirm_unmatched'): void {
    const { db, clock, events } = this.deps;
    updateConversation(db, message.conversationId, { flag, updatedAt: clock.now() });
    this.after.push(() => events.emit('conversation.updated', { conversationId: message.conversationId, unreadTotal: totalUnread(db) }));
  }

  private notify(message: InboundMessage, title = 'New message'): void {
    const preview = message.body.replace(/\s+/g, ' ').trim().slice(0, 120);
    this.after.push(() => {
      // The notification carries the same count as the tray/dock badge and the window title.
      const unread = totalUnread(this.deps.db);
      this.deps.notifier.setUnreadCount(unread);
      this.deps.notifier.notify(unread > 1 ? `${title} · ${unread} unread` : title, preview);
    });
  }

  /** An automatic answer on the channel and address the reply came from; false if refused. */
  private reply(message: InboundMessage, key: string, body: string): boolean {
    try {
      // In the patient's own thread when the reply came from the patient's address on file.
      const patientId = message.patientId;
      const to =
        patientId !== null && patientAddress(this.deps.db, patientId, message.channel) === message.address
          ? { patientId }
          : { address: message.address, channel: message.channel };
      const out = this.deps.messaging.queue({
        to,
        channel: message.channel,
        origin: 'auto_reply',
        purpose: 'transactional',
        // An answer to the patient's own message: not held by quiet hours or the cap.
        answersPatient: true,
        body,
        dedupeKey: `keyword:${message.channel}:${message.address}:${key}`,
      });
      if (out.status === 'refused') {
        this.deps.logger.warn('automatic reply refused', { reason: out.reason, detail: out.detail, key });
        return false;
      }
      return true;
    } catch (error) {
      this.deps.logger.error('automatic reply could not be queued', { key, error });
      return false;
    }
  }
}
