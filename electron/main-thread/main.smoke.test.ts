/**
 * Boots the real main process (electron/main-thread/main.ts) against a fake `electron` module and a
 * real core on a temporary data folder, and checks the wiring that cannot be run here otherwise
 * (no Electron binary): window security settings, the app:// protocol, the IPC call and event
 * channels and their sender check, permission and navigation guards, tray, notifier, secrets,
 * hide-to-tray and a clean quit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/bridge';
import type { CallResult } from '../../shared/ipc/result';
import { fake, fakeStores, type FakeBrowserWindow } from './test-electron';
import { setWorkerClockOffset } from '../core-thread/test-clock';

vi.mock('electron', async () => (await import('./test-electron')).fakeElectronModule);
vi.mock('electron-store', async () => ({ default: (await import('./test-electron')).FakeElectronStore }));
// The real core thread, started through an entry whose clock the idle-lock test can move.
vi.mock('../core-thread/worker-file', () => ({
  coreWorkerFile: () => ({ file: new URL('../core-thread/test-worker-entry.ts', import.meta.url), execArgv: ['--import', 'tsx'] }),
}));

const repo = path.resolve(import.meta.dirname, '..', '..');
let tmp: string;
let window: FakeBrowserWindow;

type CallEvent = { sender: { id: number; mainFrame: { url: string } }; senderFrame: { url: string } | null };
function call(name: string, input: unknown, event?: CallEvent): Promise<CallResult<unknown>> {
  const handler = fake.ipcHandlers.get(IPC_CALL_CHANNEL) as ((e: CallEvent, n: unknown, i: unknown) => Promise<CallResult<unknown>>) | undefined;
  if (!handler) throw new Error('no IPC handler registered');
  const contents = window.webContents;
  return handler(event ?? { sender: contents, senderFrame: contents.mainFrame }, name, input);
}

function serve(url: string, method = 'GET'): Promise<Response> {
  const handler = fake.protocolHandlers.get('app');
  if (!handler) throw new Error('app:// not registered');
  return handler({ method, url });
}

beforeAll(async () => {
  // The shell logs to stderr as well as to its file; keep the test output readable.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-shell-'));
  const appPath = path.join(tmp, 'app');
  fs.mkdirSync(path.join(appPath, 'out', 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(appPath, 'out', 'renderer', 'assets', 'app.js'), 'export {};');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the renderer');
  fs.cpSync(path.join(repo, 'migrations'), path.join(appPath, 'migrations'), { recursive: true });
  fake.app.appPath = appPath;
  fake.app.setPath('appData', path.join(tmp, 'appData'));
  delete process.env.ELECTRON_RENDERER_URL;
  await import('./main');
  await vi.waitFor(() => {
    expect(fake.BrowserWindow.all.length).toBe(1);
    expect(fake.BrowserWindow.all[0]?.loadedUrl).not.toBeNull();
    // The core starts on its worker thread (compiled by tsx from source here) before the window opens.
  }, { timeout: 60_000 });
  window = fake.BrowserWindow.all[0] as FakeBrowserWindow;
});

afterAll(() => {
  if (fake.app.listenerCount('will-quit') > 0 && fake.app.quitCalls === 0) fake.app.quit();
  fs.rmSync(tmp, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('main process shell', () => {
  it('starts sandboxed, with app:// privileged and dev data kept apart', () => {
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake.app.getPath('userData')).toBe(path.join(tmp, 'appData', 'Frontdesk (development)'));
    expect(fs.existsSync(path.join(fake.app.getPath('userData'), 'frontdesk.sqlite'))).toBe(true);
  });

  it('logs JSON lines to <userData>/logs/main.log', async () => {
    const log = path.join(fake.app.getPath('userData'), 'logs', 'main.log');
    await vi.waitFor(() => expect(fs.readFileSync(log, 'utf8')).toContain('"msg":"starting Frontdesk"'));
    const first = fs.readFileSync(log, 'utf8').split('\n')[0] ?? '';
    expect(JSON.parse(first)).toMatchObject({ level: 'info', proc: 'main' });
  });

  it('opens one locked-down window on app://frontdesk', () => {
    expect(window.loadedUrl).toBe('app://frontdesk/index.html');
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(prefs.preload).toBe(path.join(fake.app.appPath, 'out', 'preload', 'index.cjs'));
  });

  it('serves the renderer over app:// with MIME types and CSP, and nothing outside it', async () => {
    const index = await serve('app://frontdesk/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('id="root"');
    const js = await serve('app://frontdesk/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await serve('app://frontdesk/patients/12')).status).toBe(200); // client-side route
    expect((await serve('app://frontdesk/assets/missing.js')).status).toBe(404);
    expect((await serve('app://frontdesk/..%2F..%2Fsecret.txt')).status).toBe(404);
    expect((await serve('app://frontdesk/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
    expect((await serve('app://other/index.html')).status).toBe(404);
    expect((await serve('app://frontdesk/index.html', 'POST')).status).toBe(405);
  });

  it('answers IPC calls from the app main frame and refuses other frames', async () => {
    const state = await call('auth.state', {});
    expect(state).toMatchObject({ ok: true, value: { needsSetup: true } });

    const contents = window.webContents;
    const fromSubframe = await call('auth.state', {}, { sender: contents, senderFrame: { url: 'app://frontdesk/index.html' } });
    expect(fromSubframe).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const foreign = { url: 'https://evil.example/' };
    const fromForeignPage = await call('auth.state', {}, { sender: { id: contents.id, mainFrame: foreign }, senderFrame: foreign });
    expect(fromForeignPage).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await call('no.such.call', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await call(42 as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('forwards core events to the window', async () => {
    const result = await call('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' });
    expect(result.ok).toBe(true);
    expect(window.webContents.sent).toContainEqual({ channel: IPC_EVENT_CHANNEL, args: ['auth.changed', { reason: 'signed_in' }] });
  });

  it('denies permissions, foreign navigation, redirects, webviews and new windows', () => {
    const decisions: boolean[] = [];
    const request = fake.session.permissionRequestHandler as unknown as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    request(window.webContents, 'media', (ok) => decisions.push(ok));
    request(window.webContents, 'notifications', (ok) => decisions.push(ok));
    expect(decisions).toEqual([false, false]);
    expect((fake.session.permissionCheckHandler as unknown as () => boolean)()).toBe(false);

    const navigate = (event: string, url: string) => {
      let prevented = false;
      window.webContents.emit(event, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'app://frontdesk/index.html')).toBe(false);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-attach-webview', 'app://frontdesk/')).toBe(true);

    const open = window.webContents.windowOpenHandler;
    // Without a click in the page, nothing opens; after one, only https does.
    expect(open?.({ url: 'https://www.twilio.com/console' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual([]);
    const click = () => window.webContents.emit('input-event', {}, { type: 'mouseUp', modifiers: [] });
    click();
    expect(open?.({ url: 'http://www.twilio.com/console' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'https://www.twilio.com/console' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://www.twilio.com/console']);
    // A plain link to the web, clicked: opens in the browser instead of navigating the window.
    click();
    expect(navigate('will-navigate', 'https://www.twilio.com/docs')).toBe(true);
    expect(fake.openedExternally).toEqual(['https://www.twilio.com/console', 'https://www.twilio.com/docs']);
  });

  it('puts the strict CSP on app:// responses', () => {
    let result: { responseHeaders?: Record<string, string[]> } | undefined;
    const onHeaders = fake.session.headersReceived as unknown as (d: unknown, cb: (r: typeof result) => void) => void;
    onHeaders({ url: 'app://frontdesk/index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => (result = r));
    expect(result?.responseHeaders?.['Content-Security-Policy']?.[0]).toContain("object-src 'none'");
    expect(result?.responseHeaders?.['content-security-policy']).toBeUndefined();
  });

  it('has a tray with Open and Quit, and an unread badge hook', () => {
    const tray = fake.Tray.all[0];
    const labels = (tray?.menu as { template: Array<{ label?: string }> }).template.map((item) => item.label).filter(Boolean);
    expect(labels).toEqual(['Open Frontdesk', 'Quit Frontdesk']);
    expect(tray?.tooltip).toBe('Frontdesk');
  });

  it('keeps secrets encrypted in the secrets store', async () => {
    const { SafeStorageSecretStore } = await import('./safe-storage-secret-store');
    const secrets = new SafeStorageSecretStore();
    secrets.set('twilio.authToken', 'tok_123');
    expect(secrets.get('twilio.authToken')).toBe('tok_123');
    expect(JSON.stringify(fakeStores.get('secrets'))).not.toContain('tok_123');
    fake.encryptionAvailable = false;
    expect(() => secrets.set('smtp.password', 'pw')).toThrow(/cannot be stored/);
    fake.encryptionAvailable = true;
    secrets.delete('twilio.authToken');
    expect(secrets.has('twilio.authToken')).toBe(false);
  });

  it('registers start at login (hidden) and follows the Settings → Clinic switch', async () => {
    expect(fake.app.loginItemCalls).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(await call('settings.update', { startAtLogin: false })).toMatchObject({ ok: true, value: { startAtLogin: false } });
    expect(fake.app.loginItemCalls.at(-1)).toEqual({ openAtLogin: false, args: ['--hidden'] });
    expect(await call('settings.update', { startAtLogin: true })).toMatchObject({ ok: true });
    expect(fake.app.loginItemCalls.at(-1)).toEqual({ openAtLogin: true, args: ['--hidden'] });
  });

  it('replaces the default menu: Edit roles, View zoom, Window, Help; DevTools only from source', () => {
    const menu = (fake.applicationMenu ?? []) as Array<{ label?: string; role?: string; submenu?: Array<{ role?: string; id?: string; label?: string }> }>;
    const edit = menu.find((m) => m.label === 'Edit')?.submenu ?? [];
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const view = menu.find((m) => m.label === 'View')?.submenu ?? [];
    expect(view.map((i) => i.id).filter(Boolean)).toEqual(['zoomIn', 'zoomInPlus', 'zoomOut', 'resetZoom']);
    expect(view.map((i) => i.role)).toContain('toggleDevTools'); // running from source here
    expect(menu.map((m) => m.role)).toEqual(expect.arrayContaining(['windowMenu', 'help']));
  });

  it('holds the idle lock in main while polling calls arrive, and across a reload', async () => {
    expect((await call('patients.search', { query: '' })).ok).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // The dashboard polls every few seconds for 11 minutes; nobody touches the screen.
      // Time moves in both threads: main's (crash recovery) and the core's (the idle lock).
      let shifted = 0;
      for (let i = 0; i < 66; i += 1) {
        vi.setSystemTime(Date.now() + 10_000);
        shifted += 10_000;
        await setWorkerClockOffset(shifted);
        await call('engine.status', {});
      }
      // The core's 5-second sweep pushes the lock to the window.
      await vi.waitFor(() => expect(window.webContents.sent).toContainEqual({ channel: IPC_EVENT_CHANNEL, args: ['auth.changed', { reason: 'locked' }] }), { timeout: 15_000 });
      expect(await call('patients.search', { query: '' })).toMatchObject({ ok: false, error: { code: 'locked' } });
      expect(window.webContents.sent).toContainEqual({ channel: IPC_EVENT_CHANNEL, args: ['auth.changed', { reason: 'locked' }] });
      // A crash reloads the page: the reloaded page is still locked.
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      expect(window.webContents.loads.at(-1)).toBe('app://frontdesk/index.html?recovered=crashed');
      expect(await call('auth.state', {})).toMatchObject({ ok: true, value: { locked: true } });
      expect(await call('patients.search', { query: '' })).toMatchObject({ ok: false, error: { code: 'locked' } });
      // A new window shares the desktop's one session: locked too.
      const other = new fake.BrowserWindow({});
      await other.loadURL('app://frontdesk/index.html');
      expect(await call('inbox.list', {}, { sender: other.webContents, senderFrame: other.webContents.mainFrame })).toMatchObject({ ok: false, error: { code: 'locked' } });
      other.destroyed = true;
      expect(await call('auth.unlock', { password: 'wrong password!' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(await call('auth.unlock', { password: 'correct horse battery' })).toMatchObject({ ok: true });
      expect((await call('patients.search', { query: '' })).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a second renderer crash within a minute shows the error page instead of looping', () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    const page = decodeURIComponent(window.webContents.loads.at(-1) ?? '');
    expect(page.startsWith('data:text/html')).toBe(true);
    expect(page).toContain('Reload');
    expect(page).toContain('Open the logs folder');
    let prevented = false;
    window.webContents.emit('will-navigate', { url: 'app://frontdesk/__frontdesk/reload', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window.webContents.loads.at(-1)).toBe('app://frontdesk/index.html');
  });

  it('hides to the tray on close, comes back on a second instance, and quits cleanly', async () => {
    let prevented = false;
    window.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window.isVisible()).toBe(false);
    fake.app.emit('second-instance');
    expect(window.isVisible()).toBe(true);
    expect(window.focused).toBe(true);

    fake.app.quit();
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(2)); // postponed once to close the core
    expect(fake.Tray.all[0]?.destroyed).toBe(true);
    const log = path.join(fake.app.getPath('userData'), 'logs', 'main.log');
    await vi.waitFor(() => expect(fs.readFileSync(log, 'utf8')).toContain('"msg":"Frontdesk quit"'));
  });
});
