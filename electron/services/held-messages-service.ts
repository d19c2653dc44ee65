/**
 * Held messages in a thread (quiet hours, daily cap): staff can send a transactional one now
 * (never a marketing one), change its text, or cancel it. Every action is audited. Sending now
 * marks the message `sent_now` so the rules no longer hold it (suppression and consent still
 * apply) and makes its held deliveries due at once.
 */
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, notFound } from '../foundation/errors';
import type { Engine } from '../engine/engine-types';
import { deliveriesOfMessage, getMessage } from '../engine/engine-repo';
import { setHoldExempt } from '../engine/holds-repo';
import { appendAudit } from '../repos/audit-repo';
import { threadMessage } from '../repos/inbox-queries';
import type { ThreadMessage } from '../../shared/contract/inbox';
import { countSmsSegments } from '../../shared/templates/sms-segments';

/** Holds staff may lift by hand; a paused broadcast is resumed from the broadcast instead. */
const RELEASABLE = ['quiet_hours', 'daily_cap'];

export class HeldMessagesService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly engine: () => Pick<Engine, 'releaseHeldFor' | 'cancelQueuedFor'>,
  ) {}

  sendNow(staffId: number, messageId: number): ThreadMessage {
    const { message, held } = this.held(messageId);
    if (message.purpose === 'marketing') throw conflict('A marketing message waits for quiet hours and the daily limit; it cannot be sent now');
    const releasable = held.filter((d) => d.reason_code !== null && RELEASABLE.includes(d.reason_code));
    if (releasable.length === 0) throw conflict('This message is not held for quiet hours or the daily limit');
    inTransaction(this.db, () => {
      setHoldExempt(this.db, messageId, 'sent_now');
      appendAudit(this.db, {
        at: this.clock.now(),
        staffId,
        action: 'message.sent_now',
        entityType: 'message',
        entityId: messageId,
        detail: { reasons: releasable.map((d) => d.reason_code), heldUntil: releasable.map((d) => d.next_attempt_at) },
      });
    });
    this.engine().releaseHeldFor({ messageId }, RELEASABLE);
    return this.view(messageId);
  }

  edit(staffId: number, messageId: number, body: string): ThreadMessage {
    const { message } = this.held(messageId);
    const context = message.render_context ? (JSON.parse(message.render_context) as Record<string, unknown>) : {};
    if (context.templateId !== undefined) throw conflict('This message comes from a template; cancel it and write a new one');
    const now = this.clock.now();
    inTransaction(this.db, () => {
      // Re-read inside the transaction: the dispatcher may have started sending meanwhile.
      if (!deliveriesOfMessage(this.db, messageId).some((d) => d.state === 'held')) throw conflict('This message is no longer held');
      this.db.$client
        .prepare('update messages set body = ?, render_context = ? where id = ?')
        .run(body, JSON.stringify({ ...context, literalBody: body }), messageId);
      const segments = message.channel === 'sms' || message.channel === 'whatsapp' ? Math.max(1, countSmsSegments(body).segments) : null;
      this.db.$client
        .prepare(`update deliveries set segments = ?, updated_at = ? where message_id = ? and state in ('queued','held')`)
        .run(segments, now, messageId);
      appendAudit(this.db, { at: now, staffId, action: 'message.edited', entityType: 'message', entityId: messageId, detail: { before: message.body, after: body } });
    });
    return this.view(messageId);
  }

  cancel(staffId: number, messageId: number): ThreadMessage {
    this.held(messageId);
    const cancelled = this.engine().cancelQueuedFor({ messageId }, 'cancelled');
    if (cancelled === 0) throw conflict('This message is no longer held');
    appendAudit(this.db, { at: this.clock.now(), staffId, action: 'message.cancelled', entityType: 'message', entityId: messageId, detail: { cancelled } });
    return this.view(messageId);
  }

  private held(messageId: number) {
    const message = getMessage(this.db, messageId);
    if (!message || message.direction !== 'outbound') throw notFound('That message');
    const held = deliveriesOfMessage(this.db, messageId).filter((d) => d.state === 'held');
    if (held.length === 0) throw conflict('This message is not held');
    return { message, held };
  }

  private view(messageId: number): ThreadMessage {
    const m = threadMessage(this.db, messageId);
    if (!m) throw notFound('That message');
    return m;
  }
}
