/**
 * Starts the BUILT app (`electron-vite build` → out/main, out/preload, out/renderer) the way
 * `npm start` / `electron-vite preview` does, with ELECTRON_EXEC_PATH pointing at the stand-in
 * executable (electron/main-thread/stand-in/electron-stand-in.mjs) instead of Electron. Unlike
 * main.smoke.test.ts (TypeScript sources under vitest), this catches bundling mistakes:
 * externals, ESM/CJS, the preload path, renderer assets. It also runs the `--smoke-test` mode
 * the release workflow runs on each packaged app, and shows that the checks fail on a broken build.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..', '..');
const standIn = path.join(import.meta.dirname, 'stand-in', 'electron-stand-in.mjs');
const electronVite = path.join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
let tmp: string;

interface Report {
  userData: string;
  userDataFiles: string[];
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  protocols: string[];
  ipcChannels: string[];
  window: { loadedUrl: string; webPreferences: { preload: string; sandbox: boolean; contextIsolation: boolean } };
  preloadError: string | null;
  page: { status: number };
  assets: Array<{ url: string; status: number; contentType: string }>;
  call: { ok?: boolean; value?: { needsSetup: boolean }; thrown?: string };
  nativeModules: string[];
  mappedNativeBinaries: string[] | null;
}

interface Run {
  code: number | null;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** A fresh data folder per run: XDG_CONFIG_HOME is where Electron (and the stand-in) put appData on Linux. */
function runDirs(name: string): { appData: string; reportFile: string; temp: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'temp'), { recursive: true });
  return { appData: path.join(dir, 'appData'), reportFile: path.join(dir, 'report.json'), temp: path.join(dir, 'temp') };
}

/** Runs the stand-in directly, as electron-vite spawns Electron: `<exe> <appDir> [args]`. */
function launch(appDir: string, name: string, args: string[] = []): Promise<Run & { report: Report | null; temp: string }> {
  const dirs = runDirs(name);
  return run(process.execPath, [standIn, appDir, ...args], {
    cwd: appDir,
    env: { XDG_CONFIG_HOME: dirs.appData, FRONTDESK_STAND_IN_REPORT: args.length ? '' : dirs.reportFile, TMPDIR: dirs.temp },
  }).then((result) => ({ ...result, temp: dirs.temp, report: readReport(dirs.reportFile) }));
}

function readReport(file: string): Report | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Report) : null;
}

/** What a start of the built app must have done; throws (fails the test) otherwise. */
function expectStarted(report: Report | null, appDir: string, appData: string): void {
  if (!report) throw new Error('the app never loaded its window (no report)');
  const userData = path.join(appData, 'Frontdesk (development)');
  expect(report.userData).toBe(userData);
  expect(report.userDataFiles).toContain('frontdesk.sqlite');
  expect(report.privilegedSchemes.map((s) => s.scheme)).toContain('app');
  expect(report.protocols).toContain('app');
  expect(report.window.loadedUrl).toBe('app://frontdesk/index.html');
  expect(report.window.webPreferences.preload).toBe(path.join(appDir, 'out', 'preload', 'index.cjs'));
  expect(fs.existsSync(report.window.webPreferences.preload)).toBe(true);
  expect(report.preloadError).toBeNull();
  expect(report.page.status).toBe(200);
  expect(report.assets.some((a) => a.url.endsWith('.js'))).toBe(true);
  expect(report.assets.some((a) => a.url.endsWith('.css'))).toBe(true);
  for (const asset of report.assets) expect(asset, asset.url).toMatchObject({ status: 200 });
  expect(report.call).toMatchObject({ ok: true, value: { needsSetup: true } });
}

/** A copy of the built app to break on purpose (node_modules shared through a link). */
function copyApp(name: string): string {
  const dir = path.join(tmp, name, 'app');
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of ['package.json', 'out', 'migrations', 'resources']) fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-built-app-'));
  // The build needs no Electron binary (there is none on this machine).
  const build = await run(process.execPath, [electronVite, 'build', '--logLevel', 'error'], { cwd: repo, env: {} });
  if (build.code !== 0) throw new Error(`electron-vite build failed:\n${build.stderr}`);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the built app, started through ELECTRON_EXEC_PATH', () => {
  it('electron-vite preview runs the stand-in, which opens the database, registers app://, loads the window with the built preload and answers a call', async () => {
    const dirs = runDirs('preview');
    const result = await run(process.execPath, [electronVite, 'preview', '--skipBuild', '--logLevel', 'error'], {
      cwd: repo,
      env: { ELECTRON_EXEC_PATH: standIn, XDG_CONFIG_HOME: dirs.appData, FRONTDESK_STAND_IN_REPORT: dirs.reportFile },
    });
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(dirs.reportFile);
    expectStarted(report, repo, dirs.appData);
    expect(report?.window.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(report?.ipcChannels).toContain('frontdesk:call');
    expect(result.stderr).toContain('"msg":"Frontdesk quit"');
    // The main thread never loads SQLite: the core runs it on its own thread, and the binary it
    // loaded there is better-sqlite3's prebuilt Node-API one, nothing compiled.
    expect(report?.nativeModules).toEqual([]);
    if (report?.mappedNativeBinaries) {
      expect(report.mappedNativeBinaries).toEqual([path.join(repo, 'node_modules', 'better-sqlite3', 'prebuilds', `${process.platform}-${process.arch}.node`)]);
    }

    // The database really is migrated, with better-sqlite3's prebuilt binary in the stand-in run.
    const db = new Database(path.join(report?.userData ?? '', 'frontdesk.sqlite'), { readonly: true });
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['patients', 'broadcasts', 'deliveries']));
    } finally {
      db.close();
    }
  });

  it('fails when out/main/index.js cannot load', async () => {
    const app = copyApp('broken-main');
    fs.writeFileSync(path.join(app, 'out', 'main', 'index.js'), "import 'a-package-that-is-not-installed';\n");
    const result = await launch(app, 'broken-main');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('a-package-that-is-not-installed');
    expect(() => expectStarted(result.report, app, '')).toThrow(/no report/);
  });

  it('fails when the preload is not where the window looks for it', async () => {
    const app = copyApp('no-preload');
    fs.renameSync(path.join(app, 'out', 'preload', 'index.cjs'), path.join(app, 'out', 'preload', 'index.js'));
    const result = await launch(app, 'no-preload');
    expect(result.report?.preloadError).toMatch(/ENOENT/);
    expect(result.report?.call.thrown).toMatch(/reading 'calls'/); // window.frontdesk was never exposed
    expect(() => expectStarted(result.report, app, path.join(tmp, 'no-preload', 'appData'))).toThrow();
  });

  it("fails when the renderer's assets 404", async () => {
    const app = copyApp('no-assets');
    const assets = path.join(app, 'out', 'renderer', 'assets');
    for (const file of fs.readdirSync(assets).filter((f) => f.startsWith('index-') && f.endsWith('.js'))) fs.rmSync(path.join(assets, file));
    const result = await launch(app, 'no-assets');
    expect(result.report?.assets.map((a) => a.status)).toContain(404);
    expect(() => expectStarted(result.report, app, path.join(tmp, 'no-assets', 'appData'))).toThrow();
  });
});

describe('--smoke-test in the stand-in', () => {
  it('exits 0 after migrations, the window load and a contract call, and removes its temporary data folder', async () => {
    const result = await launch(repo, 'smoke-ok', ['--smoke-test']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"msg":"database migrated"');
    expect(result.stderr).toContain('"msg":"smoke test: window loaded"');
    expect(result.stderr).toContain('"msg":"smoke test: passed"');
    expect(result.stderr).toMatch(/"userData":"[^"]*frontdesk-smoke-/);
    expect(fs.readdirSync(result.temp).filter((f) => f.startsWith('frontdesk-smoke-'))).toEqual([]);
  });

  it('exits non-zero when the database cannot be opened', async () => {
    const folder = path.join(tmp, 'smoke-bad-db', 'data');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'frontdesk.sqlite'), 'this is not an SQLite database, it is a text file '.repeat(20));
    const result = await launch(repo, 'smoke-bad-db', [`--smoke-test=${folder}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Frontdesk could not start: The database file \S+frontdesk\.sqlite cannot be read: file is not a database/);
    expect(fs.existsSync(path.join(folder, 'logs', 'main.log'))).toBe(true); // kept for CI to upload
  });

  it('exits non-zero when the window cannot load', async () => {
    const app = copyApp('smoke-no-page');
    fs.rmSync(path.join(app, 'out', 'renderer', 'index.html'));
    const result = await launch(app, 'smoke-no-page', ['--smoke-test']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"msg":"smoke test: failed"');
  });
});
