/**
 * `--smoke-test`: the release workflow launches each packaged app once in this mode. The app
 * starts on a throw-away user-data folder (so migrations run on an empty database and a real
 * installation's data is never touched), loads its window, makes one contract call through the
 * preload bridge the way the renderer does, and exits 0; anything else, or running out of time,
 * exits non-zero. `--smoke-test=<folder>` uses (and keeps) that folder instead, so CI can upload
 * the log of a failed run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { Logger } from '../foundation/logger';

export const SMOKE_TEST_FLAG = '--smoke-test';
export const SMOKE_TEST_TIME_LIMIT_MS = 60_000;

/** Exit codes, so a failed CI run says which step broke. */
export const SMOKE_EXIT = { passed: 0, failed: 1, timedOut: 2 } as const;

export interface SmokeTestMode {
  userData: string;
  /** A folder we made ourselves is removed after the run; one given on the command line is kept. */
  removeAfter: boolean;
}

/** The smoke mode asked for on the command line, or null for a normal start. */
export function smokeTestMode(argv: readonly string[]): SmokeTestMode | null {
  for (const arg of argv) {
    if (arg === SMOKE_TEST_FLAG) {
      return { userData: fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-smoke-')), removeAfter: true };
    }
    if (arg.startsWith(`${SMOKE_TEST_FLAG}=`)) {
      const folder = path.resolve(arg.slice(SMOKE_TEST_FLAG.length + 1));
      fs.mkdirSync(folder, { recursive: true });
      return { userData: folder, removeAfter: false };
    }
  }
  return null;
}

/** What the renderer runs: one public call through the preload's bridge. */
const CONTRACT_CALL_SCRIPT = "window.frontdesk.calls['auth.state']({})";

function windowLoaded(window: BrowserWindow): Promise<void> {
  return new Promise((resolve, reject) => {
    const contents = window.webContents;
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_event, errorCode: number, errorDescription: string, url: string) =>
      reject(new Error(`the window could not load ${url}: ${errorDescription} (${errorCode})`)),
    );
  });
}

function isOkResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true;
}

/**
 * Runs the checks once the window exists (call it right after creating the window, before the
 * page can finish loading). Resolves with the exit code; never rejects.
 */
export async function runSmokeTest(options: { window: BrowserWindow; logger: Logger; timeLimitMs?: number }): Promise<number> {
  const { window, logger } = options;
  const limit = options.timeLimitMs ?? SMOKE_TEST_TIME_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      logger.error('smoke test: time limit reached', { limitMs: limit });
      resolve(SMOKE_EXIT.timedOut);
    }, limit);
  });
  const checks = (async (): Promise<number> => {
    try {
      await windowLoaded(window);
      logger.info('smoke test: window loaded', { url: window.webContents.getURL() });
      const result: unknown = await window.webContents.executeJavaScript(CONTRACT_CALL_SCRIPT);
      if (!isOkResult(result)) {
        logger.error('smoke test: the contract call failed', { result });
        return SMOKE_EXIT.failed;
      }
      logger.info('smoke test: passed', { result });
      return SMOKE_EXIT.passed;
    } catch (error) {
      logger.error('smoke test: failed', { error });
      return SMOKE_EXIT.failed;
    }
  })();
  try {
    return await Promise.race([checks, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes the throw-away folder; a failure to do so is logged to stderr (the log file is closed). */
export function cleanUpSmokeTest(mode: SmokeTestMode): void {
  if (!mode.removeAfter) return;
  try {
    fs.rmSync(mode.userData, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    process.stderr.write(`smoke test: could not remove ${mode.userData}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
