/**
 * How a delivery's state reads in the thread: a short label, a Blueprint intent, and the
 * sentence behind a hold or failure (the engine's reason-code text, else the raw code).
 */
import { Intent } from '@blueprintjs/core';
import { REASON_TEXT } from '../../../../shared/reason-text';
import type { DeliveryBadge } from '../../../../shared/contract/inbox';

const LABEL: Record<string, string> = {
  queued: 'Queued',
  held: 'Held',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  undelivered: 'Undelivered',
  cancelled: 'Cancelled',
};

const INTENT: Record<string, Intent> = {
  queued: Intent.NONE,
  sending: Intent.PRIMARY,
  sent: Intent.PRIMARY,
  delivered: Intent.SUCCESS,
  read: Intent.SUCCESS,
  held: Intent.WARNING,
  failed: Intent.DANGER,
  undelivered: Intent.DANGER,
  cancelled: Intent.NONE,
};

export function deliveryLabel(state: string): string {
  return LABEL[state] ?? state;
}

export function deliveryIntent(state: string): Intent {
  return INTENT[state] ?? Intent.NONE;
}

export function reasonText(code: string | null): string | null {
  if (!code) return null;
  return (REASON_TEXT as Record<string, string>)[code] ?? code;
}

/** The tooltip for a badge: why it is held or failed, with the provider's error when there is one. */
export function deliveryExplanation(badge: Pick<DeliveryBadge, 'state' | 'reasonCode' | 'errorCode' | 'errorText' | 'attemptCount'>): string {
  const parts: string[] = [];
  const reason = reasonText(badge.reasonCode);
  if (reason) parts.push(reason);
  if (badge.errorCode || badge.errorText) parts.push(`Provider: ${[badge.errorCode, badge.errorText].filter(Boolean).join(' ')}`);
  if (badge.attemptCount > 1) parts.push(`${badge.attemptCount} attempts`);
  if (parts.length === 0) return deliveryLabel(badge.state);
  return parts.join(' · ');
}
