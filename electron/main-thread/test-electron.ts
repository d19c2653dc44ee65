/**
 * A small in-memory stand-in for the parts of the `electron` module the shell uses, so the shell's
 * wiring (lifecycle, security settings, IPC, app:// protocol, adapters) can be exercised under
 * Node, where no Electron binary exists. It records what the shell asked for; it does not try to
 * behave like Chromium. Use with `vi.mock('electron', ...)` and `vi.mock('electron-store', ...)`.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';

type Handler = (...args: never[]) => unknown;

export interface FakeFrame {
  url: string;
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame = { url: '' };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  /** Every URL loaded into this contents, in order (first load, reloads, the error page). */
  readonly loads: string[] = [];
  zoomLevel = 0;
  crashedByMain = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  /**
   * Like Electron: a URL on a registered protocol is fetched through its handler, and the load
   * ends with did-finish-load, or did-fail-load (and a rejection) when the page cannot be had.
   */
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.mainFrame.url = url;
    const handler = fake.protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    const status = handler ? (await handler({ method: 'GET', url })).status : 200;
    if (status >= 400) {
      this.emit('did-fail-load', {}, -6, `ERR_FILE_NOT_FOUND (HTTP ${status})`, url, true);
      throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
    }
    this.emit('did-finish-load');
  }
  reload(): void {
    this.loads.push(this.mainFrame.url);
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
  }
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  forcefullyCrashRenderer(): void {
    this.crashedByMain += 1;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  /** Simulates a finished page load (Chromium's did-finish-load). */
  finishLoad(): void {
    this.emit('did-finish-load');
  }
  /** There is no renderer here: a test (or the stand-in executable) supplies one via fake.executeJavaScript. */
  executeJavaScript(code: string): Promise<unknown> {
    return fake.executeJavaScript(this, code);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    await this.webContents.loadURL(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {}
  maximize(): void {}
  getBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  getNormalBounds() {
    return this.getBounds();
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly paths: Record<string, string> = {};
  appPath = '';
  sandboxEnabled = false;
  quitCalls = 0;
  exitCode: number | null = null;
  badgeCount = 0;
  /** What the shell last asked of the OS login items, and every call in order. */
  readonly loginItemCalls: Array<{ openAtLogin?: boolean; args?: string[] }> = [];
  wasOpenedAtLogin = false;
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[] }): void {
    this.loginItemCalls.push(settings);
  }
  getLoginItemSettings() {
    const last = this.loginItemCalls.at(-1);
    return { openAtLogin: last?.openAtLogin ?? false, wasOpenedAtLogin: this.wasOpenedAtLogin, status: 'enabled', executableWillLaunchAtLogin: false, launchItems: [] };
  }
  getName(): string {
    return 'Frontdesk';
  }
  getPath(name: string): string {
    const value = this.paths[name];
    if (!value) throw new Error(`fake electron: no path for ${name}`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  relaunch(): void {}
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  setAppUserModelId(): void {}
  requestSingleInstanceLock(): boolean {
    return true;
  }
  isReady(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }
  quit(): void {
    this.quitCalls += 1;
    // Mirror Electron: before-quit, then will-quit, which a listener may postpone.
    this.emit('before-quit', { preventDefault: () => undefined });
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

class FakeTray extends EventEmitter {
  static readonly all: FakeTray[] = [];
  tooltip = '';
  title = '';
  menu: unknown = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.all.push(this);
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

class FakeNotification extends EventEmitter {
  static readonly shown: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

const sessionState = {
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  devicePermissionHandler: null as Handler | null,
  headersReceived: null as Handler | null,
};

export const fake = {
  app: new FakeApp(),
  ipcHandlers: new Map<string, Handler>(),
  protocolHandlers: new Map<string, (request: { method: string; url: string }) => Promise<Response>>(),
  privilegedSchemes: [] as unknown[],
  openedExternally: [] as string[],
  openedPaths: [] as string[],
  messageBoxes: [] as Array<Record<string, unknown>>,
  /** The template of the menu passed to Menu.setApplicationMenu. */
  applicationMenu: null as unknown[] | null,
  errorBoxes: [] as Array<{ title: string; content: string }>,
  session: sessionState,
  encryptionAvailable: true,
  executeJavaScript: (_contents: FakeWebContents, _code: string): Promise<unknown> =>
    Promise.reject(new Error('fake electron: no renderer to run JavaScript in')),
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
};

export const fakeElectronModule = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] } | null) => (fake.applicationMenu = menu?.template ?? null),
  },
  nativeImage: { createFromPath: (file: string) => ({ file, setTemplateImage: () => undefined }) },
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      fake.ipcHandlers.set(channel, handler);
    },
    removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: (request: { method: string; url: string }) => Promise<Response>) =>
      fake.protocolHandlers.set(scheme, handler),
  },
  // electron-updater downloads through net.request on its own session; plain Node http here.
  net: {
    request: (options: http.RequestOptions & { session?: unknown; redirect?: string }) => {
      const { session: _session, redirect: _redirect, ...rest } = options;
      return http.request(rest);
    },
  },
  session: {
    fromPartition: (_partition: string) => ({}),
    defaultSession: {
      setPermissionRequestHandler: (h: Handler) => (sessionState.permissionRequestHandler = h),
      setPermissionCheckHandler: (h: Handler) => (sessionState.permissionCheckHandler = h),
      setDevicePermissionHandler: (h: Handler) => (sessionState.devicePermissionHandler = h),
      webRequest: { onHeadersReceived: (h: Handler) => (sessionState.headersReceived = h) },
    },
  },
  shell: {
    openExternal: async (url: string) => {
      fake.openedExternally.push(url);
    },
    openPath: async (folder: string) => {
      fake.openedPaths.push(folder);
      return '';
    },
  },
  dialog: {
    showErrorBox: (title: string, content: string) => fake.errorBoxes.push({ title, content }),
    showMessageBox: async (...args: unknown[]) => {
      fake.messageBoxes.push(args.at(-1) as Record<string, unknown>);
      return { response: 0, checkboxChecked: false };
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => fake.encryptionAvailable,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text: string) => Buffer.from(`enc:${text}`).reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString().replace(/^enc:/, ''),
  },
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
  },
};

/** electron-store stand-in: one in-memory object per store name. */
export const fakeStores = new Map<string, Record<string, unknown>>();
export class FakeElectronStore {
  private readonly data: Record<string, unknown>;
  constructor(options: { name?: string; defaults?: Record<string, unknown> } = {}) {
    const name = options.name ?? 'config';
    const existing = fakeStores.get(name);
    this.data = existing ?? { ...(options.defaults ?? {}) };
    fakeStores.set(name, this.data);
  }
  get(key: string): unknown {
    return this.data[key];
  }
  set(key: string, value: unknown): void {
    this.data[key] = value;
  }
  delete(key: string): void {
    delete this.data[key];
  }
}
