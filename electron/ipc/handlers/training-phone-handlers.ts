/** Thin handlers for the training phone's reading calls (shared/contract/training-phone.ts). */
import type { AppDb } from '../../db/database';
import type { ClinicSettings } from '../../../shared/domain';
import { normaliseAddress } from '../../engine/queue-service';
import { addressHistory, namesForAddress, phoneContacts } from '../../repos/training-phone-queries';
import type { HandlerGroup } from '../handler-types';

export function trainingPhoneHandlers(db: AppDb, clinic: () => ClinicSettings): HandlerGroup<'trainingPhone.contacts' | 'trainingPhone.history'> {
  return {
    'trainingPhone.contacts': () => ({ items: phoneContacts(db) }),
    'trainingPhone.history': (input) => {
      const address = normaliseAddress(input.address.includes('@') ? 'email' : 'sms', input.address, clinic().defaultCountry);
      return { address, names: namesForAddress(db, address), items: addressHistory(db, address) };
    },
  };
}
