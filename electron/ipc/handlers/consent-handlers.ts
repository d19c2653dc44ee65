import type { ConsentService } from '../../services/consent-service';
import { actorId, type HandlerGroup } from '../handler-types';

export function consentHandlers(consent: ConsentService): HandlerGroup<'consent.get' | 'consent.set' | 'preferences.update'> {
  return {
    'consent.get': (input) => consent.get(input.patientId),
    'consent.set': (input, ctx) => consent.set(input, actorId(ctx)),
    'preferences.update': (input) => consent.updatePreferences(input),
  };
}
