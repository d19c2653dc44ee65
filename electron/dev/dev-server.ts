/**
 * The HTTP dev transport: the same call registry served on 127.0.0.1 with a random token (calls
 * over HTTP, push events over server-sent events), plus the built renderer as static files.
 * It is for UI tests and development without Electron; the packaged app never starts it.
 *
 * Two ways to run the core behind it: `startThreadedDevServer` runs it on its worker thread
 * exactly as the app does (`npm run dev:web`); `startDevServer` keeps it in this process so
 * browser tests can seed data through services and drive a fake clock.
 */
import path from 'node:path';
import { createCore, type Core } from '../core-thread/create-core';
import { systemClock, type Clock } from '../foundation/clock';
import { createLogger, streamSink, type Logger } from '../foundation/logger';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import { silentNotifier, type UpdatesPort } from '../foundation/ports';
import { startCoreHost, type CoreHost } from '../core-thread/core-host';
import { coreWorkerFile } from '../core-thread/worker-file';
import { listenDev, serveDev } from './dev-http';

export interface DevServerOptions {
  dataDir: string;
  migrationsFolder: string;
  /** Built renderer (index.html and assets); omit to serve the API only. */
  rendererDir?: string;
  port?: number;
  clock?: Clock;
  logger?: Logger;
  /** App updates as the shell would provide them (browser tests of the update banner). */
  updates?: UpdatesPort;
}

interface DevServerBase {
  /** Page URL including `?token=`. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

export interface DevServer extends DevServerBase {
  core: Core;
}

export interface ThreadedDevServer extends DevServerBase {
  core: CoreHost;
}

const defaultLogger = () => createLogger(streamSink((line) => process.stderr.write(line)), { level: 'warn' });
const stores = (dataDir: string) => ({
  secrets: new FileSecretStore(path.join(dataDir, 'secrets.dev.json')),
  settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.json')),
});

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const logger = options.logger ?? defaultLogger();
  const listener = await listenDev(options.port);
  const core = createCore({
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    clock: options.clock ?? systemClock,
    logger,
    ...stores(options.dataDir),
    notifier: silentNotifier,
    allowedOrigins: [listener.origin],
    updates: options.updates,
  });
  const stop = serveDev(listener, core, { rendererDir: options.rendererDir, logger });
  core.start();
  return {
    url: `${listener.origin}/?token=${listener.token}`,
    origin: listener.origin,
    token: listener.token,
    core,
    close: async () => {
      await stop();
      await core.close();
    },
  };
}

/** The core on its worker thread, as in the app; its clock is the system clock. */
export async function startThreadedDevServer(options: Omit<DevServerOptions, 'clock'>): Promise<ThreadedDevServer> {
  const logger = options.logger ?? defaultLogger();
  const listener = await listenDev(options.port);
  const worker = coreWorkerFile();
  const core = startCoreHost({
    workerFile: worker.file,
    execArgv: worker.execArgv,
    dataDir: options.dataDir,
    migrationsFolder: options.migrationsFolder,
    allowedOrigins: [listener.origin],
    logger,
    ...stores(options.dataDir),
    notifier: silentNotifier,
    updates: options.updates,
  });
  const stop = serveDev(listener, core, { rendererDir: options.rendererDir, logger });
  try {
    await core.ready;
  } catch (error) {
    await stop();
    throw error;
  }
  core.start();
  return {
    url: `${listener.origin}/?token=${listener.token}`,
    origin: listener.origin,
    token: listener.token,
    core,
    close: async () => {
      await stop();
      await core.close();
    },
  };
}
