/** Clinic settings (non-secret), kept in the settings store and merged over the defaults. */
import type { SettingsStore } from '../core/ports';
import { clinicSettingsSchema, defaultClinicSettings, type ClinicSettings } from '../../shared/domain';
import { validationError } from '../core/errors';
import { isValidTimeZone } from '../../shared/time-zone';

const KEY = 'clinic';

export class ClinicSettingsService {
  constructor(private readonly store: SettingsStore) {}

  get(): ClinicSettings {
    const saved = this.store.get<Partial<ClinicSettings>>(KEY) ?? {};
    return { ...defaultClinicSettings, ...saved };
  }

  update(patch: Partial<ClinicSettings>): ClinicSettings {
    const next = { ...this.get(), ...patch };
    const parsed = clinicSettingsSchema.safeParse(next);
    if (!parsed.success) throw validationError('Those settings are not valid');
    if (!isValidTimeZone(parsed.data.timeZone)) {
      throw validationError(`Unknown time zone "${parsed.data.timeZone}"`, [{ path: 'timeZone', message: 'Unknown time zone' }]);
    }
    this.store.set(KEY, parsed.data);
    return parsed.data;
  }
}

export { isValidTimeZone };
