/**
 * The watched folder: the practice system drops its nightly export there; each file is imported
 * with the saved mapping for the configured source, then moved to `imported/` or `failed/` so it
 * is never read twice. A file is taken only when its size and modification time did not change
 * between two polls (the exporter may still be writing). Results are audited, pushed as
 * `import.finished` and kept as the last result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { jobState } from '../db/schema';
import type { Clock } from '../foundation/clock';
import { DomainError, validationError } from '../foundation/errors';
import type { EventBus } from '../foundation/event-bus';
import type { Logger } from '../foundation/logger';
import type { SettingsStore } from '../foundation/ports';
import { appendAudit } from '../repos/audit-repo';
import { importSettingsSchema, type ImportSettings, type WatchedResult } from '../../shared/contract/import';
import { describe, type ImportService } from './import-service';

const SETTINGS_KEY = 'import';
const JOB_NAME = 'import.watchedFolder';
const ACCEPTED = /\.(csv|txt|tsv|json)$/i;

export const defaultImportSettings: ImportSettings = {
  watchedFolder: null,
  source: 'practice-system',
  kind: 'appointments',
  cancelAbsent: false,
  pollSeconds: 60,
};

/** How the watcher waits between polls; tests drive `scan()` directly instead. */
export interface Interval {
  every(ms: number, fn: () => void): () => void;
}

export const realInterval: Interval = {
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

export class WatchedFolder {
  private stopTimer: (() => void) | null = null;
  private readonly seen = new Map<string, string>();
  private scanning: Promise<WatchedResult[]> | null = null;

  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly store: SettingsStore,
    private readonly imports: ImportService,
    private readonly interval: Interval = realInterval,
  ) {}

  settings(): ImportSettings {
    const saved = this.store.get<Partial<ImportSettings>>(SETTINGS_KEY) ?? {};
    const merged = importSettingsSchema.safeParse({ ...defaultImportSettings, ...saved });
    return merged.success ? merged.data : defaultImportSettings;
  }

  update(patch: Partial<ImportSettings>): ImportSettings {
    const next = importSettingsSchema.parse({ ...this.settings(), ...patch });
    if (next.watchedFolder !== null) {
      if (!path.isAbsolute(next.watchedFolder)) throw validationError('Give the full path of the folder', [{ path: 'watchedFolder', message: 'Not a full path' }]);
      if (!fs.existsSync(next.watchedFolder) || !fs.statSync(next.watchedFolder).isDirectory()) {
        throw validationError(`There is no folder at ${next.watchedFolder}`, [{ path: 'watchedFolder', message: 'No such folder' }]);
      }
    }
    this.store.set(SETTINGS_KEY, next);
    if (this.stopTimer) {
      this.stop();
      this.start();
    }
    return next;
  }

  lastResult(): WatchedResult | null {
    const row = this.db.select().from(jobState).where(eq(jobState.name, JOB_NAME)).get();
    if (!row?.cursor) return null;
    return JSON.parse(row.cursor) as WatchedResult;
  }

  start(): void {
    if (this.stopTimer) return;
    const { watchedFolder, pollSeconds } = this.settings();
    if (!watchedFolder) return;
    this.stopTimer = this.interval.every(pollSeconds * 1000, () => {
      this.scan().catch((error: unknown) => this.logger.error('watched folder scan failed', { error }));
    });
    this.logger.info('watching import folder', { watchedFolder, pollSeconds });
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** Waits for a scan in progress (used when the app closes). */
  async idle(): Promise<void> {
    await this.scanning?.catch(() => undefined);
  }

  /** One poll: imports every file that has stopped changing since the previous poll. */
  scan(): Promise<WatchedResult[]> {
    if (!this.scanning) {
      this.scanning = this.scanOnce().finally(() => {
        this.scanning = null;
      });
    }
    return this.scanning;
  }

  private async scanOnce(): Promise<WatchedResult[]> {
    const settings = this.settings();
    const folder = settings.watchedFolder;
    if (!folder || !fs.existsSync(folder)) return [];
    const results: WatchedResult[] = [];
    const present = new Set<string>();
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (!ACCEPTED.test(name) || name.startsWith('.')) continue;
      const stat = fs.statSync(file);
      if (!stat.isFile()) continue;
      present.add(file);
      const signature = `${stat.size}:${stat.mtimeMs}`;
      if (this.seen.get(file) !== signature) {
        this.seen.set(file, signature);
        continue;
      }
      this.seen.delete(file);
      results.push(await this.importFile(file, settings));
    }
    for (const file of this.seen.keys()) if (!present.has(file)) this.seen.delete(file);
    return results;
  }

  private async importFile(file: string, settings: ImportSettings): Promise<WatchedResult> {
    const name = path.basename(file);
    let result: WatchedResult;
    try {
      const report = await this.imports.importUnattended(fs.readFileSync(file), name, settings.source, settings.kind, settings.cancelAbsent);
      result = { file: name, at: this.clock.now(), ok: true, message: describe(report), report };
    } catch (error) {
      const message = error instanceof DomainError ? error.message : 'The import failed; the details are in the log';
      if (!(error instanceof DomainError)) this.logger.error('watched folder import failed', { file: name, error });
      result = { file: name, at: this.clock.now(), ok: false, message, report: null };
      appendAudit(this.db, { at: result.at, staffId: null, action: 'import.watched_folder_failed', entityType: 'import', detail: { file: name, message } });
      this.events.emit('import.finished', { jobId: `watched:${name}`, source: settings.source, trigger: 'watched_folder', ok: false, message });
    }
    this.moveAway(file, result.ok ? 'imported' : 'failed');
    const now = this.clock.now();
    this.db
      .insert(jobState)
      .values({ name: JOB_NAME, cursor: JSON.stringify(result), lastRunAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: jobState.name, set: { cursor: JSON.stringify(result), lastRunAt: now, updatedAt: now } })
      .run();
    return result;
  }

  private moveAway(file: string, subfolder: 'imported' | 'failed'): void {
    const dir = path.join(path.dirname(file), subfolder);
    fs.mkdirSync(dir, { recursive: true });
    const stamp = new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-');
    fs.renameSync(file, path.join(dir, `${stamp}-${path.basename(file)}`));
  }
}
