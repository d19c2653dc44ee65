/**
 * "Restart to update" in the browser: the update service (with an electron-updater stand-in that
 * emits the library's events) pushes `updates.changed` to a signed-in page, which shows the banner
 * without a reload. Clicking it while a broadcast is sending shows why nothing happens and does
 * not restart; once the broadcast is paused, the click asks electron-updater to quit and install.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { systemClock } from '../electron/foundation/clock';
import { UpdateService, broadcastSending, type Updater } from '../electron/main-thread/updates/update-service';
import { invoke, pinSession, setUpAccounts } from './harness';
import { launchWithRenderer, screenshot, visible } from './browser';

/** Emits what electron-updater emits; records quitAndInstall instead of running an installer. */
class UpdaterStandIn extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = null;
  readonly installs: unknown[][] = [];
  async checkForUpdates() {
    return null;
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let sessionId: string;
const updater = new UpdaterStandIn();
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-updates-'));
  let rendererDir: string;
  ({ browser, rendererDir } = await launchWithRenderer(workDir));
  let core: DevServer['core'] | null = null;
  const updates = new UpdateService({
    updater: updater as unknown as Updater,
    clock: systemClock,
    logger: memoryLogger(),
    isBroadcastSending: () => broadcastSending(core),
    onChange: (status) => core?.events.emit('updates.changed', status),
  });
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger(), updates });
  core = server.core;
  ({ sessionId } = await setUpAccounts(server));
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await pinSession(page, sessionId);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('update banner', () => {
  it('appears when an update is downloaded, and restarts only when no broadcast is sending', async () => {
    await page.goto(server.url);
    await visible(page.getByTestId('signed-in-as'));
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '0.2.0' });
    expect(await page.getByTestId('update-banner').count()).toBe(0); // only once it is downloaded
    updater.emit('update-downloaded', { version: '0.2.0', releaseNotes: null, downloadedFile: 'x' });
    await visible(page.getByTestId('update-banner'));
    expect(await page.getByTestId('update-banner').textContent()).toContain('Frontdesk 0.2.0 has been downloaded.');

    const draft = await invoke(server, sessionId, 'broadcasts.createDraft', {
      name: 'Flu shots',
      audience: {},
      channelPolicy: { channel: 'sms', body: 'Flu shots this week. Reply STOP to opt out.' },
      purpose: 'transactional',
    });
    server.core.db.run(sql`update broadcasts set status = 'sending' where id = ${draft.id}`);
    await page.getByTestId('update-restart').click();
    await visible(page.getByTestId('update-restart-error'));
    expect(await page.getByTestId('update-restart-error').textContent()).toContain('A broadcast is sending');
    await screenshot(page, 'update-banner-refused');
    expect(updater.installs).toEqual([]);

    server.core.db.run(sql`update broadcasts set status = 'paused' where id = ${draft.id}`);
    await page.getByTestId('update-restart').click();
    await expect.poll(() => updater.installs).toEqual([[false, true]]);
    expect(pageErrors).toEqual([]);
  });

  it('is there after a reload too (read from updates.status)', async () => {
    await page.reload();
    await visible(page.getByTestId('update-banner'));
  });
});
