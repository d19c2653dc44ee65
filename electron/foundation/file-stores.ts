/**
 * File-backed stores for tests and the dev transport. The secret store keeps values out of the
 * settings file and writes its own file with owner-only permissions; it is never used by the
 * packaged app, which encrypts secrets with Electron safeStorage.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore, SettingsStore } from './ports';

function readJson(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function writeJsonAtomic(file: string, value: unknown, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2), { mode });
  fs.renameSync(tmp, file);
}

export class JsonFileSettingsStore implements SettingsStore {
  private data: Record<string, unknown>;
  constructor(private readonly file: string) {
    this.data = readJson(file);
  }
  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }
  set<T>(key: string, value: T): void {
    this.data[key] = value;
    writeJsonAtomic(this.file, this.data, 0o644);
  }
}

export class FileSecretStore implements SecretStore {
  private data: Record<string, string>;
  constructor(private readonly file: string) {
    this.data = readJson(file) as Record<string, string>;
  }
  get(key: string): string | null {
    return this.data[key] ?? null;
  }
  set(key: string, value: string): void {
    this.data[key] = value;
    writeJsonAtomic(this.file, this.data);
  }
  delete(key: string): void {
    delete this.data[key];
    writeJsonAtomic(this.file, this.data);
  }
  has(key: string): boolean {
    return key in this.data;
  }
}
