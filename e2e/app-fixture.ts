/**
 * One browser test file's app: a temp folder, Chromium with the built renderer, the dev server
 * on an in-process core, the admin (and optionally one more account, signed in), seed data made
 * through real calls, and a page pinned to the signed-in session that records page errors.
 * `useBrowserApp` registers the beforeAll/afterAll that start and stop it; read its fields inside
 * tests and later hooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer, type DevServerOptions } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import type { CallName, InputOf, OutputOf } from '../shared/contract';
import { launchWithRenderer, visible } from './browser';
import { invoke, pinSession, setUpAccounts, type Account } from './harness';

export interface BrowserAppOptions {
  /** Names the temp folder: frontdesk-e2e-<name>-…. */
  name: string;
  /** An account to create and sign the page in as; without it the page is the admin's. */
  as?: Account & { role: 'receptionist' | 'manager' | 'admin' };
  viewport?: { width: number; height: number };
  /** What the dev server gets besides its folders and a quiet logger (a clock, updates). */
  server?: Pick<DevServerOptions, 'clock' | 'updates'>;
  /** Seeds data once the accounts exist, before the page opens. */
  seed?(app: SeedContext): Promise<void>;
}

export interface SeedContext {
  server: DevServer;
  sessionId: string;
  adminSession: string;
  workDir: string;
  /** A call on the signed-in session, as the page would make it. */
  call<N extends CallName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
  /** A call on the admin's session (settings, scheduler jobs). */
  callAsAdmin<N extends CallName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
}

export interface BrowserApp extends SeedContext {
  browser: Browser;
  page: Page;
  /** Errors thrown in the page so far; a test ends by expecting none. */
  pageErrors: string[];
}

interface Started {
  workDir: string;
  browser?: Browser;
  server?: DevServer;
  page?: Page;
  sessionId?: string;
  adminSession?: string;
}

function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the browser app's ${what} is read before its beforeAll has run (or after it failed)`);
  return value;
}

export function useBrowserApp(options: BrowserAppOptions): BrowserApp {
  let started: Started | undefined;
  const pageErrors: string[] = [];
  const get = () => ready(started, 'set-up');
  const app: BrowserApp = {
    get workDir() {
      return get().workDir;
    },
    get browser() {
      return ready(get().browser, 'browser');
    },
    get server() {
      return ready(get().server, 'server');
    },
    get page() {
      return ready(get().page, 'page');
    },
    get sessionId() {
      return ready(get().sessionId, 'session');
    },
    get adminSession() {
      return ready(get().adminSession, 'admin session');
    },
    pageErrors,
    call: (name, input) => invoke(app.server, app.sessionId, name, input),
    callAsAdmin: (name, input) => invoke(app.server, app.adminSession, name, input),
  };

  beforeAll(async () => {
    const s: Started = { workDir: fs.mkdtempSync(path.join(os.tmpdir(), `frontdesk-e2e-${options.name}-`)) };
    started = s;
    const launched = await launchWithRenderer(s.workDir);
    s.browser = launched.browser;
    s.server = await startDevServer({
      dataDir: path.join(s.workDir, 'data'),
      migrationsFolder: MIGRATIONS_FOLDER,
      rendererDir: launched.rendererDir,
      logger: memoryLogger(),
      ...options.server,
    });
    const accounts = await setUpAccounts(s.server, options.as ? { as: options.as } : {});
    s.sessionId = accounts.sessionId;
    s.adminSession = accounts.adminSession;
    await options.seed?.(app);
    // A context of its own, not browser.newPage(): axe's runner opens pages in the page's context.
    const context = await s.browser.newContext({ viewport: options.viewport ?? { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await pinSession(page, s.sessionId);
    s.page = page;
  });

  afterAll(async () => {
    if (!started) return;
    await started.browser?.close();
    await started.server?.close();
    fs.rmSync(started.workDir, { recursive: true, force: true });
  });

  return app;
}

/** Signs in through the page's own sign-in form, as staff would (for tests that do not pin a session). */
export async function signInOnPage(page: Page, url: string, who: { username: string; password: string }): Promise<void> {
  await page.goto(url);
  await visible(page.getByTestId('sign-in'));
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-password').press('Enter');
  await visible(page.getByTestId('signed-in-as'));
}
