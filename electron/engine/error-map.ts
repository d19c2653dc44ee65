/**
 * What a provider error code means for the engine: retry, or give up on this channel with a
 * reason code and a side effect on the contact point or the suppression list (DESIGN §4).
 */
import type { ReasonCode } from '../../shared/contract/engine';
import { TWILIO_TRANSIENT } from '../providers/twilio-provider';

export type PermanentEffect = 'contact_invalid' | 'suppress_opt_out' | 'suppress_hard_bounce' | 'contact_invalid_async' | null;

export interface PermanentMapping {
  reason: ReasonCode;
  effect: PermanentEffect;
}

export function isTransientCode(code: string | null): boolean {
  if (code === null) return false;
  const n = Number(code);
  return Number.isInteger(n) && TWILIO_TRANSIENT.has(n);
}

export function mapPermanent(code: string | null): PermanentMapping {
  switch (code) {
    case '21211':
    case '21614':
      return { reason: 'invalid_number', effect: 'contact_invalid' };
    case '21610':
      return { reason: 'provider_opt_out', effect: 'suppress_opt_out' };
    case '21612':
    case '21408':
      return { reason: 'unreachable', effect: null };
    case '63016':
      return { reason: 'whatsapp_window', effect: null };
    case '30005':
    case '30006':
      return { reason: 'undelivered', effect: 'contact_invalid_async' };
    default:
      if (code?.startsWith('smtp_hard_')) return { reason: 'hard_bounce', effect: 'suppress_hard_bounce' };
      return { reason: 'permanent_error', effect: null };
  }
}
