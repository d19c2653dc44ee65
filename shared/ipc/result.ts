/** What every IPC call returns: a value, or a readable error. Nothing is thrown across the bridge. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'locked'
  /** Too many failed sign-in or unlock attempts; `retryAt` says when the next one is accepted. */
  | 'throttled'
  | 'forbidden'
  | 'forbidden_sender'
  | 'not_found'
  | 'conflict'
  | 'unknown_call'
  | 'unavailable'
  | 'internal';

export interface CallError {
  code: ErrorCode;
  message: string;
  /** Field-level problems, for inline errors: path like "contactPoints.0.value". */
  issues?: Array<{ path: string; message: string }>;
  /** For `throttled`: when (ms since the epoch) another attempt will be accepted. */
  retryAt?: number;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

export const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: CallError['issues'], retryAt?: number): CallResult<never> => ({
  ok: false,
  error: { code, message, ...(issues ? { issues } : {}), ...(retryAt !== undefined ? { retryAt } : {}) },
});
