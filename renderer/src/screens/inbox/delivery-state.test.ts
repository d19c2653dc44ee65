import { describe, expect, it } from 'vitest';
import { Intent } from '@blueprintjs/core';
import { REASON_TEXT } from '../../../../shared/contract/engine';
import { deliveryExplanation, deliveryIntent, deliveryLabel, reasonText } from './delivery-state';

const badge = { state: 'held', reasonCode: 'quiet_hours', errorCode: null, errorText: null, attemptCount: 0 };

describe('delivery badges', () => {
  it('explain a hold or failure with the engine’s reason text and the provider’s error', () => {
    expect(deliveryExplanation(badge)).toBe(REASON_TEXT.quiet_hours);
    expect(deliveryExplanation({ ...badge, state: 'failed', reasonCode: 'invalid_number', errorCode: '21211', errorText: 'Invalid To', attemptCount: 2 })).toBe(
      `${REASON_TEXT.invalid_number} · Provider: 21211 Invalid To · 2 attempts`,
    );
  });

  it('fall back to the raw code for a reason this build does not know, and to the state without one', () => {
    expect(reasonText('new_reason_code')).toBe('new_reason_code');
    expect(deliveryExplanation({ ...badge, state: 'delivered', reasonCode: null })).toBe('Delivered');
  });

  it('colour failures red, holds amber and deliveries green', () => {
    expect(deliveryIntent('failed')).toBe(Intent.DANGER);
    expect(deliveryIntent('undelivered')).toBe(Intent.DANGER);
    expect(deliveryIntent('held')).toBe(Intent.WARNING);
    expect(deliveryIntent('delivered')).toBe(Intent.SUCCESS);
    expect(deliveryLabel('sending')).toBe('Sending');
  });
});
