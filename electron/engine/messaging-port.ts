/**
 * What the scheduler, reminders, inbound handling and broadcasts need from the delivery engine:
 * a subset of `Engine` (electron/engine), so tests and the app pass the real engine.
 * Nothing in these folders queues, dispatches or talks to a provider by itself.
 */
import type { Engine } from './engine-types';

export type { CancelTarget, InboundMessage, ReceiveInboundInput } from './engine-types';

export type MessagingPort = Pick<Engine, 'queue' | 'queueBatch' | 'cancelQueuedFor' | 'deliveryStatus' | 'holdQueuedFor' | 'releaseHeldFor'>;
export type InboundPort = Pick<Engine, 'receiveInbound' | 'onInbound'>;
export type { InboundActor } from './engine-types';
