import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bodyProblem, MESSAGE_BODY_MAX } from './compose';
import { sendInputSchema } from './contract/engine';

describe('what the composer lets through', () => {
  it('refuses an empty body and names how much to cut from a long one', () => {
    expect(bodyProblem('sms', '   ')).toBe('Write a message first');
    expect(bodyProblem('sms', 'x'.repeat(2000))).toBe('Too long for a text message: 2,000 of 1,600 characters — shorten it by 400');
    expect(bodyProblem('email', 'x'.repeat(1601))).toContain('shorten it by 1');
    expect(bodyProblem('sms', 'x'.repeat(MESSAGE_BODY_MAX))).toBeNull();
  });

  it('whatever the composer allows, the send call accepts (so Send never meets a validation error)', () => {
    const channel = fc.constantFrom('sms', 'whatsapp', 'email', 'voice' as const);
    const body = fc.oneof(fc.string({ maxLength: 1700 }), fc.string({ unit: 'grapheme', maxLength: 1000 }), fc.string({ unit: 'binary', maxLength: 900 }));
    fc.assert(
      fc.property(channel, body, (c, b) => {
        if (bodyProblem(c, b) !== null) return;
        expect(sendInputSchema.safeParse({ to: { patientId: 1 }, channel: c, body: b }).success).toBe(true);
      }),
    );
  });
});
