#!/usr/bin/env node
/**
 * A stand-in for the Electron executable, for machines that cannot download Electron. It is
 * started the way electron-vite starts Electron (`<exe> <appDir> [args]`; set it as
 * ELECTRON_EXEC_PATH) and runs the app's BUILT main bundle (package.json "main") under Node with
 * the in-memory `electron` module of electron/main-thread/test-electron.ts. It also plays the renderer
 * far enough to prove the built bundles fit together: the window's preload file is run in a
 * sandbox-like context (only `require('electron')`), its contextBridge API lands in a "main
 * world", and webContents.executeJavaScript runs there, so `window.frontdesk.calls[...]` goes
 * through the built preload, the IPC handler and the core.
 *
 * FRONTDESK_STAND_IN_REPORT=<file>: once the window has loaded, write what the app did (data
 * folder, protocols, window, one contract call, the renderer's assets as app:// serves them) to
 * that JSON file and quit the app. Without it the app keeps running until it quits itself
 * (e.g. --smoke-test).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { tsImport } from 'tsx/esm/api';

const { fake, fakeElectronModule, FakeElectronStore } = await tsImport('../test-electron.ts', import.meta.url);
const { routeToStandIns } = await tsImport('./route-electron.ts', import.meta.url);
routeToStandIns({ electron: fakeElectronModule, 'electron-store': { default: FakeElectronStore } });

// Electron's argv is [exe, appDir, ...args]; main reads its flags from process.argv.
const appDir = path.resolve(process.argv[2] ?? '.');
process.argv = [process.execPath, ...process.argv.slice(2)];
const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
fake.app.appPath = appDir;
// Where Electron puts appData on Linux.
fake.app.setPath('appData', process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'));
fake.app.setPath('home', os.homedir());
fake.app.setPath('temp', os.tmpdir());
fake.app.getName = () => pkg.productName ?? pkg.name;

// A process that ends when the app does, with its exit code.
const recordExit = fake.app.exit.bind(fake.app);
fake.app.exit = (code = 0) => {
  recordExit(code);
  setImmediate(() => process.exit(code));
};
fake.app.on('quit', () => setImmediate(() => process.exit(fake.app.exitCode ?? 0)));

/** One sandboxed renderer per window: the preload's world and the page's main world. */
function attachRenderer(window) {
  const contents = window.webContents;
  const mainWorld = vm.createContext({});
  vm.runInContext('globalThis.window = globalThis;', mainWorld);
  const fromMain = new EventEmitter();
  const send = contents.send.bind(contents);
  contents.send = (channel, ...args) => {
    send(channel, ...args);
    fromMain.emit(channel, {}, ...structuredClone(args));
  };
  const electronInPreload = {
    contextBridge: { exposeInMainWorld: (key, api) => (mainWorld[key] = api) },
    ipcRenderer: {
      invoke: async (channel, ...args) => {
        const handler = fake.ipcHandlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
        return structuredClone(await handler({ sender: contents, senderFrame: contents.mainFrame }, ...structuredClone(args)));
      },
      on: (channel, listener) => fromMain.on(channel, listener),
      removeListener: (channel, listener) => fromMain.removeListener(channel, listener),
    },
  };
  let preloadError = null;
  const preload = window.options.webPreferences?.preload;
  try {
    const code = fs.readFileSync(preload, 'utf8');
    const module = { exports: {} };
    // A sandboxed preload may require only `electron` (and a few polyfilled built-ins).
    const require = (name) => {
      if (name === 'electron') return electronInPreload;
      throw new Error(`Cannot find module '${name}' (a sandboxed preload can only require electron)`);
    };
    const preloadWorld = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask });
    vm.runInContext(`(function (require, module, exports) {${code}\n})`, preloadWorld, { filename: preload })(require, module, module.exports);
  } catch (error) {
    preloadError = error;
    process.stderr.write(`stand-in: the preload script failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return { mainWorld, preload, preloadError };
}

const renderers = new Map();
fake.executeJavaScript = async (contents, code) => {
  const renderer = renderers.get(contents);
  if (!renderer) throw new Error('stand-in: no renderer for this webContents');
  return structuredClone(await vm.runInContext(code, renderer.mainWorld));
};
fake.app.on('web-contents-created', (_event, contents) => {
  const window = fake.BrowserWindow.all.find((w) => w.webContents === contents);
  if (window) renderers.set(contents, attachRenderer(window));
});

async function serve(url) {
  const handler = fake.protocolHandlers.get('app');
  if (!handler) return { url, status: null };
  const response = await handler({ method: 'GET', url });
  return { url, status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

async function report(file, window) {
  const contents = window.webContents;
  const page = await serve(window.loadedUrl);
  const assetUrls = [...(page.body ?? '').matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1], window.loadedUrl).href);
  const assets = await Promise.all(assetUrls.map(async (url) => ({ ...(await serve(url)), body: undefined })));
  let call;
  try {
    call = await fake.executeJavaScript(contents, "window.frontdesk.calls['auth.state']({})");
  } catch (error) {
    call = { thrown: error instanceof Error ? error.message : String(error) };
  }
  const userData = fake.app.getPath('userData');
  const result = {
    userData,
    userDataFiles: fs.existsSync(userData) ? fs.readdirSync(userData) : [],
    privilegedSchemes: fake.privilegedSchemes,
    protocols: [...fake.protocolHandlers.keys()],
    ipcChannels: [...fake.ipcHandlers.keys()],
    window: { loadedUrl: window.loadedUrl, webPreferences: window.options.webPreferences },
    preloadError: renderers.get(contents)?.preloadError?.message ?? null,
    page: { status: page.status, contentType: page.contentType },
    assets,
    call,
    // Native binaries this (main) thread required: none, since SQLite runs on the core's thread.
    nativeModules: Object.keys(createRequire(import.meta.url).cache).filter((file) => file.endsWith('.node')),
    // Native binaries mapped into the whole process, any thread (Linux: /proc/self/maps).
    mappedNativeBinaries: mappedNodeFiles(),
  };
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
}

function mappedNodeFiles() {
  if (!fs.existsSync('/proc/self/maps')) return null;
  const files = fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .map((line) => line.slice(line.indexOf('/')))
    .filter((file) => file.endsWith('.node'));
  return [...new Set(files)];
}

const reportFile = process.env.FRONTDESK_STAND_IN_REPORT;
if (reportFile) {
  fake.app.on('web-contents-created', (_event, contents) => {
    contents.once('did-finish-load', () => {
      const window = fake.BrowserWindow.all.find((w) => w.webContents === contents);
      report(reportFile, window)
        .catch((error) => process.stderr.write(`stand-in: could not write the report: ${error?.stack ?? error}\n`))
        .finally(() => fake.app.quit());
    });
  });
}

await import(pathToFileURL(path.join(appDir, pkg.main)).href);
