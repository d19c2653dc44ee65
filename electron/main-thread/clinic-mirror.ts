/**
 * The clinic settings as the main thread sees them. The core (on its worker thread) owns and
 * validates them, but every write goes through main's settings store, so main reads them from
 * there and hears of each change when the core saves them (start at login follows from it).
 */
import type { ClinicSettings } from '../../shared/domain';
import type { SettingsStore } from '../foundation/ports';
import { CLINIC_SETTINGS_KEY, ClinicSettingsService } from '../services/clinic-settings';

export interface ClinicMirror {
  get(): ClinicSettings;
  onChange(listener: (settings: ClinicSettings) => void): () => void;
  /** Called by the core host after the core wrote a setting. */
  settingWritten(key: string): void;
}

export function clinicMirror(store: SettingsStore): ClinicMirror {
  const reader = new ClinicSettingsService(store);
  const listeners = new Set<(settings: ClinicSettings) => void>();
  return {
    get: () => reader.get(),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settingWritten: (key) => {
      if (key !== CLINIC_SETTINGS_KEY) return;
      const settings = reader.get();
      for (const listener of listeners) listener(settings);
    },
  };
}
