/**
 * Runs one mutating call for a form: tracks `submitting`, keeps the last error (with its field
 * issues) and resolves to the call's result.
 */
import { useCallback, useState } from 'react';
import type { CallName, InputOf, OutputOf } from '../../../shared/contract';
import type { CallError, CallResult } from '../../../shared/ipc/result';
import { useApi } from './ApiContext';
import { describeFailure } from './transport';

export interface SubmitState<N extends CallName> {
  submitting: boolean;
  error: CallError | undefined;
  submit(input: InputOf<N>): Promise<CallResult<OutputOf<N>>>;
  clearError(): void;
}

export function useSubmit<N extends CallName>(name: N): SubmitState<N> {
  const api = useApi();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<CallError | undefined>(undefined);

  const submit = useCallback(
    async (input: InputOf<N>): Promise<CallResult<OutputOf<N>>> => {
      setSubmitting(true);
      setError(undefined);
      try {
        const result = await api.call(name, input);
        if (!result.ok) setError(result.error);
        return result;
      } catch (failure) {
        const error: CallError = { code: 'internal', message: describeFailure(failure) };
        setError(error);
        return { ok: false as const, error };
      } finally {
        setSubmitting(false);
      }
    },
    [api, name],
  );
  const clearError = useCallback(() => setError(undefined), []);
  return { submitting, error, submit, clearError };
}
