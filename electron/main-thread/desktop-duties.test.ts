/**
 * The desktop duties against the stand-in `electron` module: the application menu (roles,
 * remembered zoom, Help actions, DevTools only from source), start at login (on by default,
 * follows the clinic setting, starts hidden), crash and hang recovery (reload, then the error
 * page on a second failure within a minute), and which links may open outside the app.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../foundation/clock';
import { memoryLogger } from '../foundation/logger';
import { defaultClinicSettings, type ClinicSettings } from '../../shared/domain';
import { fake, fakeStores, FakeBrowserWindow } from './test-electron';
import { appMenuTemplate, type AppMenuActions } from './app-menu';
import { setUpDesktopDuties } from './desktop-duties';
import { ExternalLinks, GESTURE_WINDOW_MS } from './external-links';
import { UNRESPONSIVE_GRACE_MS } from './renderer-recovery';
import { MAX_LOGGED_MESSAGE } from './renderer-errors';
import { DesktopNotifier } from './desktop-notifier';
import type { BrowserWindow, MenuItemConstructorOptions, WebContents } from 'electron';

vi.mock('electron', async () => (await import('./test-electron')).fakeElectronModule);
vi.mock('electron-store', async () => ({ default: (await import('./test-electron')).FakeElectronStore }));

const APP_URL = 'app://frontdesk/index.html';
const USER_DATA = path.join('/tmp', 'frontdesk-duties-test');

function fakeClinic(initial: Partial<ClinicSettings> = {}) {
  let settings: ClinicSettings = { ...defaultClinicSettings, ...initial };
  const listeners = new Set<(s: ClinicSettings) => void>();
  return {
    get: () => settings,
    onChange: (listener: (s: ClinicSettings) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    save(patch: Partial<ClinicSettings>) {
      settings = { ...settings, ...patch };
      for (const l of listeners) l(settings);
    },
  };
}

function setUp(options: { clinic?: ReturnType<typeof fakeClinic>; clock?: FakeClock } = {}) {
  const window = new FakeBrowserWindow({});
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 0, 15, 15, 0, 0));
  const logger = memoryLogger('debug');
  const duties = setUpDesktopDuties({
    appUrl: APP_URL,
    userData: USER_DATA,
    clock,
    logger,
    clinic: options.clinic ?? fakeClinic(),
    currentWindow: () => window as unknown as BrowserWindow,
  });
  duties.attach(window as unknown as BrowserWindow);
  return { window, duties, clock, logger };
}

type Item = MenuItemConstructorOptions;
const submenuOf = (menu: Item[], label: string): Item[] => {
  const top = menu.find((m) => m.label === label || (label === 'Window' && m.role === 'windowMenu') || (label === 'Help' && m.role === 'help'));
  return Array.isArray(top?.submenu) ? top.submenu : [];
};
const rolesOf = (items: Item[]) => items.map((i) => i.role).filter(Boolean);
const idsOf = (items: Item[]) => items.map((i) => i.id).filter(Boolean);
const installedMenu = () => (fake.applicationMenu ?? []) as Item[];

beforeEach(() => {
  fake.app.isPackaged = false;
  fake.app.loginItemCalls.length = 0;
  fake.openedPaths.length = 0;
  fake.openedExternally.length = 0;
  fake.messageBoxes.length = 0;
  fakeStores.delete('zoom');
});

describe('application menu', () => {
  it('has Edit roles, View zoom, Window and Help with About and the folders', () => {
    setUp();
    const menu = installedMenu();
    expect(rolesOf(submenuOf(menu, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(idsOf(submenuOf(menu, 'View'))).toEqual(['zoomIn', 'zoomInPlus', 'zoomOut', 'resetZoom']);
    expect(menu.some((m) => m.role === 'windowMenu')).toBe(true);
    const help = submenuOf(menu, 'Help');
    expect(help.map((i) => i.label).filter(Boolean)).toEqual(['About Frontdesk', 'Open the Logs Folder', 'Open the Data Folder']);
    // Nothing of Electron's default menu ("Learn More" and friends).
    expect(JSON.stringify(menu)).not.toContain('Learn More');

    help.find((i) => i.id === 'about')?.click?.({} as never, undefined, {} as never);
    expect(fake.messageBoxes.at(-1)).toMatchObject({ title: 'About Frontdesk', message: 'Frontdesk 0.0.0-test' });
    help.find((i) => i.id === 'openLogs')?.click?.({} as never, undefined, {} as never);
    help.find((i) => i.id === 'openData')?.click?.({} as never, undefined, {} as never);
    expect(fake.openedPaths).toEqual([path.join(USER_DATA, 'logs'), USER_DATA]);
  });

  it('offers DevTools and Reload only when running from source', () => {
    setUp();
    expect(rolesOf(submenuOf(installedMenu(), 'View'))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
    fake.app.isPackaged = true;
    setUp();
    const packaged = JSON.stringify(installedMenu());
    expect(packaged).not.toMatch(/toggleDevTools|forceReload|"reload"/);
  });

  it('puts the app menu first on macOS, with About there instead of in Help', () => {
    const actions: AppMenuActions = {
      appName: 'Frontdesk', version: '1.2.3', isMac: true, developer: false,
      zoomIn: vi.fn(), zoomOut: vi.fn(), resetZoom: vi.fn(), showAbout: vi.fn(), openLogsFolder: vi.fn(), openDataFolder: vi.fn(),
    };
    const menu = appMenuTemplate(actions);
    expect(menu[0]?.label).toBe('Frontdesk');
    expect(idsOf(Array.isArray(menu[0]?.submenu) ? menu[0].submenu : [])).toContain('about');
    expect(idsOf(submenuOf(menu, 'Help'))).toEqual(['openLogs', 'openData']);
  });

  it('zooms the page and remembers the level for the next run and after a reload', () => {
    const { window } = setUp();
    const view = submenuOf(installedMenu(), 'View');
    const click = (id: string) => view.find((i) => i.id === id)?.click?.({} as never, undefined, {} as never);
    click('zoomIn');
    click('zoomIn');
    expect(window.webContents.zoomLevel).toBe(1);
    click('zoomOut');
    expect(window.webContents.zoomLevel).toBe(0.5);
    // Next run: a new window gets the remembered level when its page has loaded.
    const next = setUp().window;
    expect(next.webContents.zoomLevel).toBe(0);
    next.webContents.finishLoad();
    expect(next.webContents.zoomLevel).toBe(0.5);
    click('resetZoom');
    expect(window.webContents.zoomLevel).toBe(0);
  });
});

describe('start at login', () => {
  it('is on by default, hidden, and follows the clinic setting', () => {
    const clinic = fakeClinic();
    setUp({ clinic });
    expect(fake.app.loginItemCalls).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    clinic.save({ startAtLogin: false });
    expect(fake.app.loginItemCalls.at(-1)).toEqual({ openAtLogin: false, args: ['--hidden'] });
    clinic.save({ clinicName: 'Renamed' }); // unrelated change: no new call
    expect(fake.app.loginItemCalls).toHaveLength(2);
  });

  it('keeps the first window in the tray when started by the login item', () => {
    process.argv.push('--hidden');
    try {
      const { duties } = setUp();
      expect(duties.takeStartHidden()).toBe(true);
      expect(duties.takeStartHidden()).toBe(false); // a window opened later from the tray shows
    } finally {
      process.argv.pop();
    }
    expect(setUp().duties.takeStartHidden()).toBe(false);
  });
});

describe('renderer recovery', () => {
  const crash = (window: FakeBrowserWindow) => window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });

  it('reloads after a crash, shows the error page on a second one within a minute', () => {
    const { window, clock } = setUp();
    crash(window);
    expect(window.webContents.loads.at(-1)).toBe(`${APP_URL}?recovered=crashed`);
    clock.advance(30_000);
    crash(window);
    const page = decodeURIComponent(window.webContents.loads.at(-1) ?? '');
    expect(page.startsWith('data:text/html')).toBe(true);
    expect(page).toContain('>Reload</a>');
    expect(page).toContain('>Open the logs folder</a>');
    expect(page).not.toContain('<script');

    // The error page's links: main opens the logs folder, or reloads the app.
    const navigate = (url: string) => {
      let prevented = false;
      window.webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('app://frontdesk/__frontdesk/open-logs')).toBe(true);
    expect(fake.openedPaths).toEqual([path.join(USER_DATA, 'logs')]);
    expect(navigate('app://frontdesk/__frontdesk/reload')).toBe(true);
    expect(window.webContents.loads.at(-1)).toBe(APP_URL);
    // Clean exits (closing, quitting) are not failures.
    const loads = window.webContents.loads.length;
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(window.webContents.loads).toHaveLength(loads);
  });

  it('reloads again (not the error page) when the crashes are more than a minute apart', () => {
    const { window, clock } = setUp();
    crash(window);
    clock.advance(61_000);
    crash(window);
    expect(window.webContents.loads.at(-1)).toBe(`${APP_URL}?recovered=crashed`);
  });

  it('gives a hung window a grace period, then kills and reloads it without counting the kill as a crash', () => {
    vi.useFakeTimers();
    try {
      const { window } = setUp();
      window.emit('unresponsive');
      vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS - 1);
      window.emit('responsive'); // it was only busy
      vi.advanceTimersByTime(10 * UNRESPONSIVE_GRACE_MS);
      expect(window.webContents.crashedByMain).toBe(0);

      window.emit('unresponsive');
      vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS);
      expect(window.webContents.crashedByMain).toBe(1);
      expect(window.webContents.loads.at(-1)).toBe(`${APP_URL}?recovered=unresponsive`);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the window's errors", () => {
  it('go to the log, cut short when long; warnings and info stay in the page', () => {
    const { window, logger } = setUp();
    const say = (level: string, message: string) => window.webContents.emit('console-message', { level, message, lineNumber: 12, sourceId: 'app://frontdesk/assets/index.js' });
    say('error', 'Uncaught TypeError: Cannot read properties of undefined');
    say('warning', 'a deprecation');
    say('info', 'hello');
    say('error', 'x'.repeat(MAX_LOGGED_MESSAGE + 500));
    const logged = logger.records.filter((r) => r.msg === 'error in the window');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: 'error', component: 'window', message: 'Uncaught TypeError: Cannot read properties of undefined', source: 'app://frontdesk/assets/index.js', line: 12 });
    expect(String(logged[1]?.message)).toHaveLength(MAX_LOGGED_MESSAGE + 1);
  });
});

describe('external links', () => {
  function linkSetup() {
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 15, 0, 0));
    const logger = memoryLogger('debug');
    const links = new ExternalLinks({ allowedOrigin: 'app://frontdesk', clock, logger });
    const window = new FakeBrowserWindow({});
    window.webContents.mainFrame.url = APP_URL;
    const contents = window.webContents as unknown as WebContents;
    links.track(contents);
    const click = () => window.webContents.emit('input-event', {}, { type: 'mouseUp', modifiers: [] });
    return { links, contents, fakeContents: window.webContents, click, clock, logger };
  }

  it('opens https links right after a click in the app page, and nothing else', () => {
    const { links, contents, click, clock, logger } = linkSetup();
    click();
    expect(links.open(contents, 'http://www.twilio.com/console')).toBe(false);
    expect(links.open(contents, 'file:///etc/passwd')).toBe(false);
    expect(links.open(contents, 'https://user:pw@example.com/')).toBe(false);
    expect(links.open(contents, 'https://www.twilio.com/console')).toBe(true);
    // One click, one link.
    expect(links.open(contents, 'https://example.com/second')).toBe(false);
    click();
    clock.advance(GESTURE_WINDOW_MS + 1);
    expect(links.open(contents, 'https://example.com/late')).toBe(false);
    expect(fake.openedExternally).toEqual(['https://www.twilio.com/console']);
    expect(logger.records.filter((r) => r.msg === 'external link refused')).toHaveLength(5);
  });

  it('refuses without a click (page script alone), mouse moves do not count, and not from a foreign page', () => {
    const { links, contents, fakeContents, click } = linkSetup();
    expect(links.open(contents, 'https://example.com/')).toBe(false);
    fakeContents.emit('input-event', {}, { type: 'mouseMove', modifiers: [] });
    fakeContents.emit('input-event', {}, { type: 'keyDown', keyCode: 'a', modifiers: [] });
    expect(links.open(contents, 'https://example.com/')).toBe(false);
    fakeContents.emit('input-event', {}, { type: 'keyDown', keyCode: 'Enter', modifiers: [] });
    expect(links.open(contents, 'https://example.com/enter')).toBe(true);
    fakeContents.mainFrame.url = 'https://evil.example/';
    click();
    expect(links.open(contents, 'https://example.com/')).toBe(false);
    expect(fake.openedExternally).toEqual(['https://example.com/enter']);
  });
});

describe('notifications while locked', () => {
  it('say only that something arrived while the desk is locked or nobody is signed in', () => {
    let locked = false;
    const notifier = new DesktopNotifier({ logger: memoryLogger(), onActivate: () => undefined, setTrayUnread: () => undefined, isPrivate: () => locked });
    notifier.notify('New message', 'Grace Okafor: running 10 minutes late');
    expect(fake.Notification.shown.at(-1)?.options).toEqual({ title: 'New message', body: 'Grace Okafor: running 10 minutes late' });
    locked = true;
    notifier.notify('New message', 'Grace Okafor: running 10 minutes late');
    expect(fake.Notification.shown.at(-1)?.options).toEqual({ title: 'Frontdesk: new message', body: 'Unlock Frontdesk to read it.' });
  });
});
