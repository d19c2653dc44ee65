/** Scripted outcomes per recipient: a create-time error or a final status, optionally for the next N sends; how calls end. */
import type { CallOutcome } from './call-store';
import { splitAddress } from './wire-format';

export interface RecipientScript {
  /** Answer the create with this error code (HTTP 400, legacy error body); nothing is accepted. */
  createError?: number;
  /** Final status of an accepted message (default `delivered`). */
  finalStatus?: 'delivered' | 'undelivered' | 'failed';
  /** error_code for undelivered/failed (default 30003 for undelivered, 30008 for failed). */
  errorCode?: number;
  /** Apply to the next N sends to this recipient only, then behave normally. Default: always. */
  times?: number;
}

export class Scripts {
  private readonly byRecipient = new Map<string, RecipientScript>();
  private readonly calls = new Map<string, CallOutcome>();

  set(to: string, script: RecipientScript): void {
    this.byRecipient.set(to, { ...script });
  }

  setCall(to: string, outcome: CallOutcome): void {
    this.calls.set(to, outcome);
  }

  callOutcome(to: string): CallOutcome {
    return this.calls.get(to) ?? 'completed';
  }

  clear(): void {
    this.byRecipient.clear();
    this.calls.clear();
  }

  /** The script for this recipient (exact To first, then the bare number), without using it up. */
  peek(to: string): RecipientScript | undefined {
    return this.byRecipient.get(to) ?? this.byRecipient.get(splitAddress(to).number);
  }

  /** Returns the script for this send and consumes one use of a limited script. */
  take(to: string): RecipientScript | undefined {
    const key = this.byRecipient.has(to) ? to : splitAddress(to).number;
    const script = this.byRecipient.get(key);
    if (!script) return undefined;
    if (script.times !== undefined) {
      script.times -= 1;
      if (script.times <= 0) this.byRecipient.delete(key);
    }
    return script;
  }
}
