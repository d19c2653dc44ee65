/**
 * Provider credentials, encrypted with the operating system's key store through Electron
 * safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) and kept as base64
 * in their own electron-store file under the `secrets` key. Nothing is ever written in plain text:
 * when the OS offers no real encryption, storing a secret fails with a clear error instead.
 */
import Store from 'electron-store';
import { safeStorage } from 'electron';
import { DomainError } from '../foundation/errors';
import type { SecretStore } from '../foundation/ports';

type Encrypted = Record<string, string>;

export class SafeStorageSecretStore implements SecretStore {
  private readonly store = new Store<{ secrets: Encrypted }>({
    name: 'secrets',
    defaults: { secrets: {} },
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  });

  private all(): Encrypted {
    return { ...this.store.get('secrets') };
  }

  private assertEncryptionAvailable(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new DomainError(
        'unavailable',
        'Secrets cannot be stored: this computer offers no encrypted storage for applications (OS key store unavailable). Sign in to a normal desktop session and try again.',
      );
    }
    // On Linux without a keyring, Chromium falls back to a hard-coded key: that is plain text in disguise.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new DomainError(
        'unavailable',
        'Secrets cannot be stored: no desktop keyring (GNOME Keyring or KWallet) is running, so they could not be encrypted.',
      );
    }
  }

  get(key: string): string | null {
    const encrypted = this.all()[key];
    if (encrypted === undefined) return null;
    this.assertEncryptionAvailable();
    return safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
  }

  set(key: string, value: string): void {
    this.assertEncryptionAvailable();
    const encrypted = safeStorage.encryptString(value).toString('base64');
    this.store.set('secrets', { ...this.all(), [key]: encrypted });
  }

  delete(key: string): void {
    const secrets = this.all();
    if (!(key in secrets)) return;
    delete secrets[key];
    this.store.set('secrets', secrets);
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.all(), key);
  }
}
