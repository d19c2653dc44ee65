/** Debian's Chromium driven by playwright-core, plus screenshot and waiting helpers for e2e tests. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { buildRenderer, REPO_ROOT } from './build-renderer';

export const CHROMIUM = process.env.FRONTDESK_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-artifacts/screenshots');

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with "apt-get install -y chromium" (or set FRONTDESK_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the locator is visible (auto-retrying, no fixed sleeps) and returns it. */
export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Whether the element currently has keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}

/**
 * Chromium plus a built renderer for one browser test file: the renderer the global setup built
 * once for the run, or (when the file runs without it) a build of its own into `workDir`.
 */
export async function launchWithRenderer(workDir: string): Promise<{ browser: Browser; rendererDir: string }> {
  const provided = (inject('rendererDir') as string | undefined) ?? '';
  const rendererDir = provided || path.join(workDir, 'renderer');
  const [browser] = await Promise.all([launchChromium(), provided ? Promise.resolve() : buildRenderer(rendererDir)]);
  return { browser, rendererDir };
}

