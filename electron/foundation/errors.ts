import type { CallError, ErrorCode } from '../../shared/ipc/result';

/**
 * An expected failure with a readable message. Services throw it; the call registry turns it
 * into `{ ok: false, error }`. Anything else that is thrown is an internal error and is logged.
 */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'internal' | 'unknown_call'>,
    message: string,
    readonly issues?: CallError['issues'],
    /** For `throttled`: when another attempt will be accepted. */
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (message: string, issues?: CallError['issues']) =>
  new DomainError('validation', message, issues);
export const notFound = (what: string) => new DomainError('not_found', `${what} was not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
