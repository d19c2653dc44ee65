/**
 * What the composer says after Send, once and in plain words: queued, held and why, refused and
 * why (the rule's own sentence, not the reason code with its text repeated), or the call's error
 * without the contract's "Invalid input for …" wrapping.
 */
import { Intent } from '@blueprintjs/core';
import type { OutputOf } from '../../../../shared/contract';
import { ruleInPlainWords } from '../../../../shared/contract/compose';
import type { CallError } from '../../../../shared/ipc/result';
import { CHANNEL_LABEL } from './ChannelIcon';

export interface Outcome {
  intent: Intent;
  text: string;
}

export function sendOutcome(value: OutputOf<'messages.send'>, channel: keyof typeof CHANNEL_LABEL, formatUntil: (at: number) => string): Outcome {
  if (value.status === 'refused') return { intent: Intent.DANGER, text: ruleInPlainWords(value.reason, channel).replace(/^Will not be sent/, 'Not sent') };
  if (value.status === 'duplicate') return { intent: Intent.WARNING, text: 'This message was already sent.' };
  if (value.held) {
    const until = value.held.until !== null ? ` It goes at ${formatUntil(value.held.until)}.` : '';
    return { intent: Intent.WARNING, text: `Queued, waiting: ${ruleInPlainWords(value.held.reason, value.channel)}${until}` };
  }
  return { intent: Intent.SUCCESS, text: `Queued on ${CHANNEL_LABEL[value.channel]}` };
}

/** A failed call in plain words: the first field problem rather than the schema's summary. */
export function callErrorText(error: CallError): string {
  const issue = error.issues?.[0];
  if (error.code === 'validation' && issue) return issue.message;
  return error.message.replace(/^Invalid input for [\w.]+: /, '');
}
