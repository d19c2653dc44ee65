/**
 * A whole core on a temp folder, for integration tests: real SQLite file, production
 * migrations, file-backed settings and secrets, a fake clock, and typed call helpers that go
 * through the same registry the app uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from './create-core';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import { silentNotifier, type Notifier, type UpdatesPort } from '../foundation/ports';
import { makeTempDir, MIGRATIONS_FOLDER } from '../db/test-db';
import type { CallName, InputOf, OutputOf } from '../../shared/contract';
import type { ScryptParams } from '../services/passwords';
import type { CallResult } from '../../shared/ipc/result';

export const TEST_ORIGIN = 'app://frontdesk';

export interface TestCore {
  core: Core;
  dir: string;
  clock: FakeClock;
  logs: ReturnType<typeof memoryLogger>['records'];
  /** A call from the app's own main frame on the given session. */
  call<N extends CallName>(name: N, input: InputOf<N>, sessionKey?: string): Promise<CallResult<OutputOf<N>>>;
  /** Like `call`, but returns the value and throws with the error message when the call fails. */
  must<N extends CallName>(name: N, input: InputOf<N>, sessionKey?: string): Promise<OutputOf<N>>;
  /** Closes the core and opens a new one on the same folder (an app restart). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export const TEST_PASSWORD_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

export async function createTestCore(
  options: { clock?: FakeClock; dir?: string; notifier?: Notifier; passwordParams?: ScryptParams; updates?: UpdatesPort } = {},
): Promise<TestCore> {
  const dir = options.dir ?? makeTempDir('frontdesk-core-');
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 15, 15, 0, 0));
  const logger = memoryLogger('warn');
  const make = () =>
    createCore({
      dataDir: dir,
      migrationsFolder: MIGRATIONS_FOLDER,
      clock,
      logger,
      secrets: new FileSecretStore(path.join(dir, 'secrets.test.json')),
      settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
      notifier: options.notifier ?? silentNotifier,
      allowedOrigins: [TEST_ORIGIN],
      // Production hashing costs 128 MiB and most of a second per hash; integration tests sign
      // in constantly. passwords.test.ts and the dev-server tests use the real parameters.
      passwordParams: options.passwordParams ?? TEST_PASSWORD_PARAMS,
      updates: options.updates,
    });
  const state = { core: make() };
  const call = <N extends CallName>(name: N, input: InputOf<N>, sessionKey = 'test') =>
    state.core.registry.invoke(name, input, {
      sessionKey,
      sender: { transport: 'ipc', url: `${TEST_ORIGIN}/index.html`, isMainFrame: true },
    }) as Promise<CallResult<OutputOf<N>>>;
  return {
    get core() {
      return state.core;
    },
    dir,
    clock,
    logs: logger.records,
    call,
    must: async (name, input, sessionKey) => {
      const result = await call(name, input, sessionKey);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    restart: async () => {
      await state.core.close();
      state.core = make();
    },
    dispose: async () => {
      await state.core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
