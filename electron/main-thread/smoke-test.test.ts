/**
 * The --smoke-test checks on their own, with a window stand-in: the exit code for each way a
 * packaged app can fail to come up (the end-to-end runs are in built-app.test.ts).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../foundation/logger';
import { SMOKE_EXIT, cleanUpSmokeTest, runSmokeTest, smokeTestMode } from './smoke-test';

class Contents extends EventEmitter {
  constructor(private readonly answer: () => Promise<unknown>) {
    super();
  }
  getURL() {
    return 'app://frontdesk/index.html';
  }
  executeJavaScript() {
    return this.answer();
  }
}

function windowThat(load: 'finishes' | 'fails' | 'hangs', answer: () => Promise<unknown> = async () => ({ ok: true, value: {} })) {
  const webContents = new Contents(answer);
  setImmediate(() => {
    if (load === 'finishes') webContents.emit('did-finish-load');
    if (load === 'fails') webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://frontdesk/index.html');
  });
  return { webContents } as unknown as BrowserWindow;
}

describe('smoke test checks', () => {
  it('passes when the window loads and the call through the bridge answers ok', async () => {
    expect(await runSmokeTest({ window: windowThat('finishes'), logger: memoryLogger() })).toBe(SMOKE_EXIT.passed);
  });

  it('fails when the page does not load, the bridge is missing or the call fails', async () => {
    expect(await runSmokeTest({ window: windowThat('fails'), logger: memoryLogger() })).toBe(SMOKE_EXIT.failed);
    const noBridge = async () => {
      throw new Error("TypeError: Cannot read properties of undefined (reading 'calls')");
    };
    expect(await runSmokeTest({ window: windowThat('finishes', noBridge), logger: memoryLogger() })).toBe(SMOKE_EXIT.failed);
    const refused = async () => ({ ok: false, error: { code: 'internal', message: 'x' } });
    expect(await runSmokeTest({ window: windowThat('finishes', refused), logger: memoryLogger() })).toBe(SMOKE_EXIT.failed);
  });

  it('gives up with its own exit code when the window never loads', async () => {
    const logger = memoryLogger();
    expect(await runSmokeTest({ window: windowThat('hangs'), logger, timeLimitMs: 20 })).toBe(SMOKE_EXIT.timedOut);
    expect(logger.records.map((r) => r.msg)).toContain('smoke test: time limit reached');
  });

  it('reads the flag: a throw-away folder that is removed, or a given folder that is kept', () => {
    expect(smokeTestMode(['electron', '.'])).toBeNull();
    const temp = smokeTestMode(['Frontdesk.exe', '--smoke-test']);
    expect(temp?.removeAfter).toBe(true);
    expect(path.basename(temp?.userData ?? '')).toMatch(/^frontdesk-smoke-/);
    if (temp) cleanUpSmokeTest(temp);
    expect(fs.existsSync(temp?.userData ?? '')).toBe(false);

    const kept = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-smoke-test-')), 'data');
    const given = smokeTestMode(['Frontdesk', `--smoke-test=${kept}`]);
    expect(given).toEqual({ userData: kept, removeAfter: false });
    if (given) cleanUpSmokeTest(given);
    expect(fs.existsSync(kept)).toBe(true);
    fs.rmSync(path.dirname(kept), { recursive: true, force: true });
  });
});
