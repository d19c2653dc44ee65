/** Broadcast composer calls: drafts, approval and scheduling, pause/resume/cancel, views. */
import type { AppDb } from '../db/database';
import type { Clock } from '../core/clock';
import type { EventBus } from '../core/event-bus';
import { conflict, notFound, validationError } from '../core/errors';
import type { MessagingPort } from '../scheduler/messaging-port';
import { eq } from 'drizzle-orm';
import { templates } from '../db/schema';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { Channel } from '../../shared/domain';
import { chooseChannel } from '../engine/channel-choice';
import type { ClinicRuleSettings } from '../engine/rules';

/** Above this many patients the preview gives the count only. */
export const PREVIEW_LIMIT = 20_000;
import type { AudienceFilter, BroadcastView, ChannelPolicy } from '../../shared/contract/broadcasts';
import { broadcastProgressCounts, excludePending, findBroadcast, insertBroadcast, listBroadcasts, queuedMessageIds, updateBroadcast, type BroadcastRow } from './broadcasts-repo';
import { progressPayload, watchBroadcastDeliveries, type ProgressWatcher } from './broadcast-progress';
import type { Logger } from '../core/logger';
import { resolveAudience } from './audience';
import { countAddresses } from './address-groups';
import { DEFAULT_WINDOW_MS } from './broadcast-sender';

export class BroadcastsService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly clinicTimeZone: () => string,
    /** Set once the engine exists; cancelling a broadcast cancels what it already queued. */
    private readonly messaging: () => MessagingPort | null,
    /** Called after approval so the sender runs at once when the time has come. */
    private readonly onScheduled: (at: number) => void = () => undefined,
    /** The clinic's rule settings, for the preview's breakdown (none: count only). */
    private readonly clinicRules: () => ClinicRuleSettings | null = () => null,
    /** With a logger, live progress: delivery changes update the counts, complete the broadcast, and push `broadcast.progress`. */
    logger?: Logger,
  ) {
    this.watcher = logger ? watchBroadcastDeliveries({ db, events, logger, now: () => clock.now() }) : null;
  }

  private readonly watcher: ProgressWatcher | null;

  /** Stops the progress watcher (before the database closes). */
  close(): void {
    this.watcher?.stop();
  }

  view(row: BroadcastRow): BroadcastView {
    return {
      id: row.id,
      name: row.name,
      templateId: row.templateId ?? null,
      templateVersionId: row.templateVersionId ?? null,
      audience: row.audience as AudienceFilter,
      channelPolicy: row.channelPolicy as ChannelPolicy,
      purpose: row.purpose,
      emergency: row.emergency,
      scheduledAt: row.scheduledAt ?? null,
      windowEndsAt: row.windowEndsAt ?? null,
      status: row.status,
      createdBy: row.createdBy ?? null,
      approvedBy: row.approvedBy ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      startedAt: row.startedAt ?? null,
      completedAt: row.completedAt ?? null,
      counts: broadcastProgressCounts(this.db, row.id),
    };
  }

  list(status?: BroadcastRow['status']): BroadcastView[] {
    return listBroadcasts(this.db, status).map((r) => this.view(r));
  }

  get(id: number): BroadcastView {
    return this.view(this.row(id));
  }

  /**
   * The audience as it is now and, up to PREVIEW_LIMIT patients, what the rules would do with each:
   * sent at once on a channel (byChannel), held (quiet hours, daily cap; not in byChannel) or left
   * out and why. byChannel + held + excluded = count. The same
   * rules run again when the broadcast is sent.
   */
  previewAudience(input: InputOf<'broadcasts.previewAudience'>): OutputOf<'broadcasts.previewAudience'> {
    const now = this.clock.now();
    const ids = resolveAudience(this.db, input.audience, now, this.clinicTimeZone());
    const rules = this.clinicRules();
    if (ids.length > PREVIEW_LIMIT) return { count: ids.length, breakdown: null };
    // One message per address: the confirmation says how many messages and how many patients they cover.
    const addresses = countAddresses(this.db, ids, input.channel).addresses;
    if (!rules) return { count: ids.length, addresses, breakdown: null };
    const byChannel: Partial<Record<Channel, number>> = {};
    const held = new Map<string, number>();
    const excluded = new Map<string, number>();
    for (const patientId of ids) {
      const choice = chooseChannel(
        this.db,
        { patientId, explicit: input.channel ?? null, purpose: input.purpose ?? 'marketing', emergency: input.emergency ?? false },
        rules,
        now,
      );
      if (!choice.ok) excluded.set(choice.reason, (excluded.get(choice.reason) ?? 0) + 1);
      else if (choice.decision.kind === 'hold') held.set(choice.decision.reason, (held.get(choice.decision.reason) ?? 0) + 1);
      else byChannel[choice.channel] = (byChannel[choice.channel] ?? 0) + 1;
    }
    const lines = (m: Map<string, number>) => [...m].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
    return { count: ids.length, addresses, breakdown: { byChannel, held: lines(held), excluded: lines(excluded) } };
  }

  createDraft(input: InputOf<'broadcasts.createDraft'>, staffId: number): BroadcastView {
    this.checkContent(input.templateId ?? null, input.channelPolicy ?? {});
    const now = this.clock.now();
    const row = insertBroadcast(this.db, {
      name: input.name,
      templateId: input.templateId ?? null,
      templateVersionId: input.templateVersionId ?? null,
      audience: input.audience,
      channelPolicy: input.channelPolicy ?? {},
      purpose: input.purpose ?? 'marketing',
      status: 'draft',
      createdBy: staffId,
      createdAt: now,
      updatedAt: now,
    });
    return this.view(row);
  }

  updateDraft(input: InputOf<'broadcasts.updateDraft'>): BroadcastView {
    const { id, ...fields } = input;
    const row = this.row(id);
    if (row.status !== 'draft') throw conflict('Only a draft can be edited; cancel it and make a new one');
    const templateId = fields.templateId !== undefined ? fields.templateId : row.templateId;
    const policy = fields.channelPolicy ?? (row.channelPolicy as ChannelPolicy);
    this.checkContent(templateId ?? null, policy);
    const updated = updateBroadcast(this.db, id, { ...fields, updatedAt: this.clock.now() });
    if (!updated) throw notFound('That broadcast');
    return this.view(updated);
  }

  approve(input: InputOf<'broadcasts.approve'>, staffId: number): BroadcastView {
    const row = this.row(input.id);
    if (row.status !== 'draft') throw conflict('Only a draft can be approved');
    const now = this.clock.now();
    const scheduledAt = input.scheduledAt ?? now;
    const windowEndsAt = input.windowEndsAt ?? scheduledAt + DEFAULT_WINDOW_MS;
    if (windowEndsAt < scheduledAt) throw validationError('The window must end after the scheduled time', [{ path: 'windowEndsAt', message: 'Before the scheduled time' }]);
    if (windowEndsAt < now) throw validationError('That time and its window are already over', [{ path: 'scheduledAt', message: 'In the past' }]);
    const updated = updateBroadcast(this.db, row.id, {
      status: 'scheduled',
      scheduledAt,
      windowEndsAt,
      emergency: input.emergency ?? false,
      approvedBy: staffId,
      updatedAt: now,
    });
    if (!updated) throw notFound('That broadcast');
    this.onScheduled(scheduledAt);
    return this.view(updated);
  }

  /** Stops everything not yet handed to a provider: no more queueing, and queued or held deliveries wait. */
  pause(id: number): BroadcastView {
    const row = this.row(id);
    if (row.status !== 'scheduled' && row.status !== 'sending') throw conflict('Only a scheduled or sending broadcast can be paused');
    const view = this.setStatus(row, 'paused');
    if (this.messaging()?.holdQueuedFor({ broadcastId: id }, 'broadcast_paused')) return this.get(id);
    return view;
  }

  resume(id: number): BroadcastView {
    const row = this.row(id);
    if (row.status !== 'paused') throw conflict('Only a paused broadcast can be resumed');
    const view = this.setStatus(row, row.startedAt ? 'sending' : 'scheduled');
    // What pause held goes again (the rules are checked again: quiet hours may hold it anew).
    this.messaging()?.releaseHeldFor({ broadcastId: id }, ['broadcast_paused']);
    this.onScheduled(this.clock.now());
    return this.get(view.id);
  }

  cancel(id: number): BroadcastView {
    const row = this.row(id);
    if (row.status === 'completed' || row.status === 'cancelled') throw conflict('That broadcast has already finished');
    excludePending(this.db, id, 'broadcast_cancelled');
    const messaging = this.messaging();
    if (messaging) for (const messageId of queuedMessageIds(this.db, id)) messaging.cancelQueuedFor({ messageId }, 'cancelled');
    return this.setStatus(row, 'cancelled');
  }

  private setStatus(row: BroadcastRow, status: BroadcastRow['status']): BroadcastView {
    const updated = updateBroadcast(this.db, row.id, { status, updatedAt: this.clock.now() });
    if (!updated) throw notFound('That broadcast');
    this.events.emit('broadcast.progress', progressPayload(this.db, updated));
    return this.view(updated);
  }

  private row(id: number): BroadcastRow {
    const row = findBroadcast(this.db, id);
    if (!row) throw notFound('That broadcast');
    return row;
  }

  private checkContent(templateId: number | null, policy: ChannelPolicy): void {
    if (templateId !== null) {
      const t = this.db.select({ id: templates.id }).from(templates).where(eq(templates.id, templateId)).get();
      if (!t) throw validationError('That template does not exist', [{ path: 'templateId', message: 'Unknown template' }]);
    } else if (!policy.body) {
      throw validationError('Pick a template or write the message', [{ path: 'channelPolicy.body', message: 'Required without a template' }]);
    }
  }
}
