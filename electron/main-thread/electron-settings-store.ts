/**
 * Non-secret settings kept outside the database, in `<userData>/settings.json` through
 * electron-store (atomic writes). Keys are taken literally: a dot in a key is not a path.
 */
import Store from 'electron-store';
import type { SettingsStore } from '../foundation/ports';

export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<Record<string, unknown>>({ name: 'settings', accessPropertiesByDotNotation: false });

  get<T>(key: string): T | undefined {
    return this.store.get(key) as T | undefined;
  }

  set<T>(key: string, value: T): void {
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
  }
}
