/** Broadcast composer calls: drafts, approval and scheduling, pause/resume/cancel, views. */
import type { AppDb } from '../db/database';
import type { Clock } from '../foundation/clock';
import type { EventBus } from '../foundation/event-bus';
import { conflict, notFound, validationError } from '../foundation/errors';
import type { MessagingPort } from '../engine/messaging-port';
import { eq } from 'drizzle-orm';
import { templates } from '../db/schema';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { Channel } from '../../shared/domain';
import type { ClinicSettings } from '../../shared/domain';
import type { SavedAudience } from '../../shared/contract/broadcast-audience';
import { planAudience, planKey, presentPreview, type PlannedAudience } from './audience-preview';
import type { EventName } from '../../shared/contract';

/** How long a search or a page of the recipient list may reuse the last plan. */
const PLAN_REUSE_MS = 30_000;
/** Changes that make a cached plan stale (consent and contact edits come as patients.changed). */
const PLAN_INVALIDATING: ReadonlySet<EventName> = new Set(['patients.changed', 'appointments.changed', 'import.finished', 'delivery.updated', 'message.created']);
import { appendAudit } from '../repos/audit-repo';
import { deliveryTimeline, listRecipients, recipientsCsv } from './broadcast-results';
import { deleteSavedAudience, listSavedAudiences, saveAudience } from './saved-audiences';

import type { AudienceFilter, BroadcastView, ChannelPolicy } from '../../shared/contract/broadcasts';
import { broadcastProgressCounts, excludePending, findBroadcast, insertBroadcast, listBroadcasts, queuedMessageIds, updateBroadcast, type BroadcastRow } from './broadcasts-repo';
import { progressPayload, watchBroadcastDeliveries, type ProgressWatcher } from './broadcast-progress';
import type { Logger } from '../foundation/logger';
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
    /** The clinic's settings (rules, name for rendering), for the preview's breakdown (none: count only). */
    private readonly clinicRules: () => ClinicSettings | null = () => null,
    /** With a logger, live progress: delivery changes update the counts, complete the broadcast, and push `broadcast.progress`. */
    logger?: Logger,
    /** The provider each channel goes through now (for the confirmation's price). */
    private readonly providerFor: (channel: Channel) => string = () => 'sandbox',
  ) {
    this.watcher = logger ? watchBroadcastDeliveries({ db, events, logger, now: () => clock.now() }) : null;
    this.stopInvalidating = events.subscribe((name) => {
      if (PLAN_INVALIDATING.has(name)) this.lastPlan = null;
    });
  }

  private readonly stopInvalidating: () => void;

  private readonly watcher: ProgressWatcher | null;

  /** Stops the progress watcher (before the database closes). */
  close(): void {
    this.watcher?.stop();
    this.stopInvalidating();
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
   * The audience now, planned exactly as the sender will plan it (see plan.ts), with the recipient
   * list and per-channel message. Planning costs about a millisecond per patient (the engine's
   * channel choice), so a search or another page of the list reuses the last plan for up to
   * PLAN_REUSE_MS unless patients, appointments, consent or deliveries changed meanwhile.
   */
  previewAudience(input: InputOf<'broadcasts.previewAudience'>): OutputOf<'broadcasts.previewAudience'> {
    const now = this.clock.now();
    const deps = { db: this.db, now, clinic: this.clinicRules(), clinicTimeZone: this.clinicTimeZone(), providerFor: this.providerFor };
    // A template edit makes a new version: part of the key, so the sample text is never stale.
    const version = input.content?.templateId !== undefined ? this.db.select({ v: templates.currentVersionId }).from(templates).where(eq(templates.id, input.content.templateId)).get()?.v : null;
    const key = `${planKey(input)}#${version ?? ''}`;
    const cached = this.lastPlan && this.lastPlan.key === key && now - this.lastPlan.at < PLAN_REUSE_MS ? this.lastPlan.planned : null;
    const planned = cached ?? planAudience(deps, input);
    if (!cached) this.lastPlan = { key, at: now, planned };
    return presentPreview(deps, planned, input);
  }

  private lastPlan: { key: string; at: number; planned: PlannedAudience } | null = null;

  recipients(input: InputOf<'broadcasts.recipients'>): OutputOf<'broadcasts.recipients'> {
    this.row(input.id);
    return listRecipients(this.db, input);
  }

  timeline(input: InputOf<'broadcasts.timeline'>): OutputOf<'broadcasts.timeline'> {
    this.row(input.id);
    return deliveryTimeline(this.db, input.id, input.buckets);
  }

  /** Every export is audited: who took the recipient list of which broadcast. */
  exportCsv(id: number, staffId: number | null): OutputOf<'broadcasts.exportCsv'> {
    const row = this.row(id);
    const out = recipientsCsv(this.db, id, row.name, this.clinicTimeZone());
    appendAudit(this.db, { at: this.clock.now(), staffId, action: 'export.broadcast_recipients', entityType: 'broadcast', entityId: id, detail: { fileName: out.fileName } });
    return out;
  }

  listAudiences(): SavedAudience[] {
    return listSavedAudiences(this.db);
  }

  saveAudience(input: InputOf<'broadcasts.saveAudience'>, staffId: number | null): SavedAudience {
    return saveAudience(this.db, { ...input, createdBy: staffId, now: this.clock.now() });
  }

  deleteAudience(id: number): { deleted: boolean } {
    return { deleted: deleteSavedAudience(this.db, id) };
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
