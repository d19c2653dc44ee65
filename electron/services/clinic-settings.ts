/** Clinic settings (non-secret), kept in the settings store and merged over the defaults. */
import type { SettingsStore } from '../foundation/ports';
import { clinicSettingsSchema, defaultClinicSettings, type ClinicSettings } from '../../shared/domain';
import { validationError } from '../foundation/errors';
import { isValidTimeZone } from '../../shared/time-zone';
import { normalisePhone } from '../../shared/phone';

/** The settings key the clinic settings are saved under. */
export const CLINIC_SETTINGS_KEY = 'clinic';
const KEY = CLINIC_SETTINGS_KEY;

export class ClinicSettingsService {
  private readonly listeners = new Set<(settings: ClinicSettings) => void>();

  constructor(private readonly store: SettingsStore) {}

  /** Told after every saved change (the shell applies start-at-login from here). */
  onChange(listener: (settings: ClinicSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

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
    // The clinic's own number goes into HELP replies and templates: checked like a patient's.
    let clinicPhone = parsed.data.clinicPhone;
    if (clinicPhone !== '' && patch.clinicPhone !== undefined) {
      const phone = normalisePhone(clinicPhone, parsed.data.defaultCountry);
      if (!phone.ok) throw validationError(phone.reason, [{ path: 'clinicPhone', message: phone.reason }]);
      clinicPhone = phone.value;
    }
    const saved = { ...parsed.data, clinicPhone };
    this.store.set(KEY, saved);
    for (const listener of this.listeners) listener(saved);
    return saved;
  }
}

export { isValidTimeZone };
