/**
 * Messages between the engine and its provider thread (provider-thread.ts): calls go over as
 * plain data, answers come back the same way, and a ProviderError is rebuilt on the engine's side
 * with its kind, code and options, so the engine classifies a threaded answer exactly like an
 * in-thread one.
 */
import type { Channel } from '../../shared/domain';
import type { TwilioConfig } from './twilio-provider';
import { ProviderError, type Accepted, type OutgoingMessage, type SentAttempt, type StatusAnswer } from './provider-types';

export type ProviderCall =
  | { id: number; op: 'send'; message: OutgoingMessage }
  | { id: number; op: 'fetchStatus'; providerId: string; channel: Channel }
  | { id: number; op: 'findAccepted'; attempt: SentAttempt; excludeIds: string[] }
  | { id: number; op: 'probe' };

/** The thread's workerData: the Twilio settings (credentials included) and how many requests it has open at once. */
export interface ProviderThreadData {
  config: TwilioConfig;
  maxInFlight: number;
}

export type ProviderResult = Accepted | StatusAnswer | null | undefined;

export interface WireError {
  /** Null when the provider threw something it did not classify (a bug): the engine logs it. */
  kind: ProviderError['kind'] | null;
  code: string | null;
  message: string;
  options: ProviderError['options'];
}

export type ProviderAnswer = { id: number; ok: true; value: ProviderResult } | { id: number; ok: false; error: WireError };

/** What the thread posts: a batch of answers (all the calls that ended in one turn of its loop). */
export type FromProviderThread = { type: 'answers'; answers: ProviderAnswer[] };
/** What the engine posts: a batch of calls (all those started in one turn of its loop). */
export type ToProviderThread = { type: 'calls'; calls: ProviderCall[] };

export function toWireError(error: unknown): WireError {
  if (error instanceof ProviderError) return { kind: error.kind, code: error.code, message: error.message, options: { ...error.options } };
  return { kind: null, code: null, message: error instanceof Error ? error.message : String(error), options: {} };
}

export function fromWireError(error: WireError): Error {
  if (error.kind === null) return new Error(error.message);
  return new ProviderError(error.kind, error.code, error.message, error.options);
}
