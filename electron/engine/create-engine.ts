/**
 * Assembles the engine: provider settings and providers, the queue service, the dispatcher,
 * inbound recording, and the status/event plumbing. See index.ts for the public surface.
 */
import type { Channel } from '../../shared/domain';
import { REASON_TEXT, type DeliveryView, type EngineStatus } from '../../shared/contract/engine';
import { createSandboxProvider } from '../providers/sandbox-provider';
import { createSmtpProvider } from '../providers/smtp-provider';
import { createThreadedTwilioProvider } from '../providers/threaded-provider';
import type { Provider, ProviderName } from '../providers/provider-types';
import { ProviderSettingsService, SECRET_KEYS, type ProviderSettings } from '../providers/provider-settings';
import { inTransaction } from '../db/database';
import { Dispatcher, defaultDispatcherOptions, type DispatcherOptions } from './dispatcher';
import {
  backlogByProviderChannel,
  cancelWhere,
  countOpen,
  deliveriesOfConversation,
  deliveriesOfMessage,
  findMessageByDedupeKey,
  getDelivery,
  deliveriesEventFacts,
  deliveryEventFacts,
  getMessage,
  type DeliveryRow,
} from './engine-repo';
import { holdWhere, releaseWhere } from './holds-repo';
import type { Engine, EngineDeps } from './engine-types';
import { createInbound } from './inbound';
import { createQueueService } from './queue-service';

/** A queued slice bigger than this announces itself with one event of each kind, not one per message. */
const COARSE_EVENTS_ABOVE = 50;

export interface EngineInternals {
  providerSettings: ProviderSettingsService;
  dispatcher: Dispatcher;
  /** Tries a provider paused for rejected credentials again (Send test). */
  resumeProvider(name: string): void;
  /** The provider instance currently used under a name (tests, harnesses). */
  provider(name: string): Provider | undefined;
}

function view(row: DeliveryRow, conversationId: number): DeliveryView {
  const reasonText = row.reason_code && row.reason_code in REASON_TEXT ? REASON_TEXT[row.reason_code as keyof typeof REASON_TEXT] : null;
  return {
    id: row.id,
    messageId: row.message_id,
    conversationId,
    channel: row.channel,
    address: row.address,
    provider: row.provider,
    state: row.state,
    reasonCode: row.reason_code,
    reasonText,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    providerId: row.provider_id,
    providerStatus: row.provider_status,
    errorCode: row.error_code,
    errorText: row.error_text,
    price: row.price,
    priceUnit: row.price_unit,
    segments: row.segments,
    fallbackOfDeliveryId: row.fallback_of_delivery_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    finalAt: row.final_at,
  };
}

export function createEngine(deps: EngineDeps & { routes?: Partial<Record<Channel, ProviderName>> }): Engine & EngineInternals {
  const { db, clock, logger, events } = deps;
  const log = logger.child({ component: 'engine' });
  const providerSettings = new ProviderSettingsService(deps.settings, deps.secrets);

  // ----- providers, rebuilt when the settings change -----
  let built = new Map<string, Provider>();
  const buildProviders = (s: ProviderSettings): Map<string, Provider> => {
    const map = new Map<string, Provider>();
    map.set('sandbox', deps.providers?.sandbox ?? createSandboxProvider());
    if (deps.providers?.twilio) map.set('twilio', deps.providers.twilio);
    else {
      const token = providerSettings.secret(SECRET_KEYS.twilioAuthToken);
      if (s.twilio.accountSid && token && (s.twilio.smsFrom || s.twilio.messagingServiceSid)) {
        // On its own thread (threaded-provider.ts): the SDK's HTTP work and the engine's SQLite
        // work then run side by side instead of taking turns.
        map.set(
          'twilio',
          createThreadedTwilioProvider({
            accountSid: s.twilio.accountSid,
            authToken: token,
            smsFrom: s.twilio.smsFrom,
            messagingServiceSid: s.twilio.messagingServiceSid || undefined,
            whatsappFrom: s.twilio.whatsappFrom || undefined,
            voiceFrom: s.twilio.voiceFrom || undefined,
            apiBaseUrl: s.twilio.apiBaseUrl,
          },
            { maxInFlight: deps.dispatcher?.concurrency ?? defaultDispatcherOptions.concurrency },
          ),
        );
      }
    }
    if (deps.providers?.smtp) map.set('smtp', deps.providers.smtp);
    else if (s.smtp.primary.host && s.smtp.fromAddress) {
      map.set(
        'smtp',
        createSmtpProvider({
          primary: { ...s.smtp.primary, password: providerSettings.secret(SECRET_KEYS.smtpPrimaryPassword) },
          secondary: s.smtp.secondary
            ? { ...s.smtp.secondary, password: providerSettings.secret(SECRET_KEYS.smtpSecondaryPassword) }
            : null,
          fromAddress: s.smtp.fromAddress,
          fromName: s.smtp.fromName,
          messagesPerSecond: s.smtp.messagesPerSecond,
          messageIdDomain: s.smtp.messageIdDomain || 'frontdesk.local',
          clock,
        }),
      );
    }
    return map;
  };
  built = buildProviders(providerSettings.get());
  providerSettings.onChange(() => {
    const old = built;
    built = buildProviders(providerSettings.get());
    // New credentials saved: a provider paused for rejected credentials is tried again.
    for (const name of built.keys()) dispatcher.resumeProvider(name);
    for (const [name, p] of old) {
      if (built.get(name) !== p) p.close().catch((error: unknown) => log.warn('engine: closing an old provider failed', { provider: name, error }));
    }
  });

  const providerNameFor = (channel: Channel): string => {
    const routed = deps.routes?.[channel];
    if (routed) return routed;
    const s = providerSettings.get();
    return channel === 'email' ? s.emailProvider : s.smsProvider;
  };
  const defaultRate = (provider: string, channel: Channel): number => {
    if (provider === 'sandbox') return Infinity;
    const s = providerSettings.get();
    if (provider === 'smtp') return s.smtp.messagesPerSecond;
    if (channel === 'whatsapp') return s.twilio.whatsappPerSecond;
    if (channel === 'voice') return 1;
    return s.twilio.segmentsPerSecond;
  };

  // ----- events -----
  const conversationOf = (messageId: number): number => getMessage(db, messageId)?.conversation_id ?? 0;
  const emitDelivery = (deliveryId: number) => {
    const row = deliveryEventFacts(db, deliveryId);
    if (!row) return;
    events.emit('delivery.updated', {
      deliveryId,
      messageId: row.message_id,
      conversationId: row.conversation_id,
      state: row.state,
      reasonCode: row.reason_code,
    });
  };
  const emitDeliveries = (ids: readonly number[]) => {
    if (ids.length === 1) {
      emitDelivery(ids[0] as number);
      return;
    }
    for (const row of deliveriesEventFacts(db, ids)) {
      events.emit('delivery.updated', { deliveryId: row.id, messageId: row.message_id, conversationId: row.conversation_id, state: row.state, reasonCode: row.reason_code });
    }
  };
  let lastStatusKey = '';
  const emitStatus = () => {
    // The pushed status needs no per-sender backlog (a scan of every queued row, after every pass).
    const s = status({ senders: false });
    const key = `${s.online}|${s.waiting}|${s.summary}`;
    if (key === lastStatusKey) return;
    lastStatusKey = key;
    events.emit('engine.status', { online: s.online, waiting: s.waiting, summary: s.summary });
  };

  /** Address-based unsubscribe targets: an unsubscribe applies to the address (DESIGN §2). */
  const unsubscribeFor = (address: string) => {
    const s = providerSettings.get().smtp;
    if (!s.unsubscribeUrl && !s.unsubscribeMailto) return null;
    const sep = s.unsubscribeUrl.includes('?') ? '&' : '?';
    return {
      url: s.unsubscribeUrl ? `${s.unsubscribeUrl}${sep}e=${encodeURIComponent(address)}` : null,
      mailto: s.unsubscribeMailto ? `mailto:${s.unsubscribeMailto.replace(/^mailto:/, '')}?subject=unsubscribe%20${encodeURIComponent(address)}` : null,
    };
  };
  const options: DispatcherOptions = { ...defaultDispatcherOptions, unsubscribeFor, ...(deps.dispatcher ?? {}) };
  const dispatcher = new Dispatcher({
    db,
    clock,
    logger: log,
    clinic: deps.clinic,
    providerNameFor,
    provider: (name) => built.get(name),
    defaultRate,
    random: deps.random ?? Math.random,
    options,
    faultHook: deps.faultHook,
    onDeliveriesChanged: emitDeliveries,
    onStatusChanged: emitStatus,
  });

  const queueService = createQueueService({
    db,
    clock,
    clinic: deps.clinic,
    providerFor: providerNameFor,
    unsubscribeUrlFor: (address) => unsubscribeFor(address)?.url ?? null,
    afterQueue: ({ messageId, deliveryId, conversationId }) => {
      events.emit('message.created', { messageId, conversationId, direction: 'outbound' });
      emitDelivery(deliveryId);
      dispatcher.wake();
    },
    // A big slice says so once: listeners refresh on these events, and thousands would flood the window.
    afterQueueBatch: (written) => {
      const announce = written.length <= COARSE_EVENTS_ABOVE ? written : written.slice(-1);
      for (const { messageId, deliveryId, conversationId } of announce) {
        events.emit('message.created', { messageId, conversationId, direction: 'outbound' });
        emitDelivery(deliveryId);
      }
      dispatcher.wake();
    },
  });

  const inbound = createInbound({
    db,
    clock,
    logger: log,
    onCreated: (m) => events.emit('message.created', { messageId: m.messageId, conversationId: m.conversationId, direction: 'inbound' }),
  });

  function status(options: { senders: boolean } = { senders: true }): EngineStatus {
    const now = clock.now();
    const counts = countOpen(db);
    const offlineProviders = dispatcher.offlineProviders;
    const waiting = counts.queued + counts.held;
    const backlog = options.senders ? backlogByProviderChannel(db, now) : [];
    const senders = backlog.map((b) => {
      const p = built.get(b.provider);
      const sender = p ? p.senderFor(b.channel) : b.provider;
      const rate = dispatcher.rateFor(b.provider, sender, b.channel);
      const finite = Number.isFinite(rate) && rate > 0;
      return {
        provider: b.provider,
        sender,
        segmentsPerSecond: finite ? rate : null,
        backlogSegments: b.segments,
        etaAt: finite && b.segments > 0 ? now + Math.ceil((b.segments / rate) * 1000) : null,
      };
    });
    const pausedProviders = dispatcher.pausedProviders;
    const online = offlineProviders.length === 0 && pausedProviders.length === 0;
    const paused = pausedProviders.map((p) => p.provider).join(', ');
    const summary = pausedProviders.length > 0
      ? `paused: the credentials were rejected (${paused}), ${waiting + counts.sending} waiting`
      : online
        ? waiting > 0
          ? `online, ${waiting} waiting`
          : 'online'
        : `offline, ${waiting + counts.sending} waiting`;
    return { online, offlineProviders, pausedProviders, waiting, held: counts.held, sending: counts.sending, summary, senders };
  }

  let started = false;
  return {
    providerSettings,
    dispatcher,
    provider: (name) => built.get(name),
    queue: (request) => queueService.queue(request),
    resumeProvider: (name) => dispatcher.resumeProvider(name),
    queueBatch: (requests, options) => queueService.queueBatch(requests, options),
    holdQueuedFor: (target, reason) => {
      const rows = inTransaction(db, () => holdWhere(db, target, reason, clock.now()));
      for (const r of rows) emitDelivery(r.id);
      if (rows.length > 0) emitStatus();
      return rows.length;
    },
    releaseHeldFor: (target, reasons) => {
      const rows = inTransaction(db, () => releaseWhere(db, target, reasons ?? null, clock.now()));
      for (const r of rows) emitDelivery(r.id);
      if (rows.length > 0) {
        emitStatus();
        dispatcher.wake();
      }
      return rows.length;
    },
    cancelQueuedFor: (target, reason = 'cancelled') => {
      const rows = inTransaction(db, () => cancelWhere(db, target, reason, clock.now()));
      for (const r of rows) emitDelivery(r.id);
      if (rows.length > 0) emitStatus();
      return rows.length;
    },
    status: () => status(),
    deliveryStatus: (query) => {
      let messageId: number | undefined;
      if ('messageId' in query) messageId = query.messageId;
      else if ('deliveryId' in query) messageId = getDelivery(db, query.deliveryId)?.message_id;
      else messageId = findMessageByDedupeKey(db, query.dedupeKey)?.id;
      if (messageId === undefined) return [];
      const conversationId = conversationOf(messageId);
      return deliveriesOfMessage(db, messageId).map((r) => view(r, conversationId));
    },
    deliveriesForConversation: (conversationId, limit = 200) =>
      deliveriesOfConversation(db, conversationId, limit).map((r) => view(r, r.conversation_id)),
    onInbound: (handler) => inbound.onInbound(handler),
    actOnInbound: (actor) => inbound.actOnInbound(actor),
    receiveInbound: (input) => inbound.receive(input),
    start: async () => {
      if (started) return;
      started = true;
      dispatcher.loadCrashLeftovers();
      dispatcher.start();
      await Promise.resolve();
    },
    stop: async () => {
      await dispatcher.stop();
      await Promise.allSettled([...built.values()].map((p) => p.close()));
    },
    runOnce: async () => {
      if (!started) {
        started = true;
        dispatcher.loadCrashLeftovers();
      }
      return dispatcher.runOnce();
    },
  };
}
