#!/usr/bin/env node
/**
 * `node scripts/native-abi.mjs <node|electron>`
 *
 * better-sqlite3 is a native module: its binary is built for one ABI, and Node (tests, dev
 * transport, bench) and Electron (the app) use different ones. This script makes the installed
 * binary match the runtime about to start, so `npm test` and `npm start` both work in one
 * checkout, in any order, with no manual step.
 *
 * Every binary that is known to work is kept in `.native-cache/<runtime>-<abi>/`, and
 * `.native-cache/installed.json` records which one is installed (with its SHA-256), so when
 * nothing needs doing the whole run is one hash compare.
 *
 *   node:     current binary loads under Node → cache it; else restore the cached Node copy;
 *             else `npm rebuild better-sqlite3` (compiles from source when no prebuilt binary
 *             can be downloaded) and cache.
 *   electron: cache the current binary first if it is the Node one; restore the cached
 *             Electron copy; else build it with @electron/rebuild in a staging copy of the
 *             module (downloads Electron headers or a prebuilt binary: needs internet) and cache.
 *
 * The installed binary is always replaced by rename, never rewritten in place, so a process that
 * has the old one loaded (a running test worker, the app) keeps working.
 *
 * A cached binary is tied to the better-sqlite3 version it was built from (`source.json` next to
 * it); after an upgrade, stale entries are discarded and rebuilt.
 *
 * Environment: NATIVE_ABI_ROOT overrides the project root (the tests work on a temporary copy of
 * the module); NATIVE_ABI_NO_BUILD=1 uses the cache only and fails instead of building.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'better-sqlite3';
const BINARY = 'better_sqlite3.node';
const TAG = '[native-abi]';

const root = path.resolve(process.env.NATIVE_ABI_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const moduleDir = path.join(root, 'node_modules', MODULE);
const binaryFile = path.join(moduleDir, 'build', 'Release', BINARY);
const cacheRoot = path.join(root, '.native-cache');
const markerFile = path.join(cacheRoot, 'installed.json');

class NativeAbiError extends Error {}

function say(message) {
  console.log(`${TAG} ${message}`);
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function readJson(file) {
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    say(`ignoring unreadable ${path.relative(root, file)}: ${error.message}`);
    return null;
  }
}

function cachedBinary(key) {
  return path.join(cacheRoot, key, BINARY);
}

/** The installed better-sqlite3 version: a cached binary is only valid for the version it was built from. */
let installedVersion = null;
function moduleVersion() {
  installedVersion ??= readJson(path.join(moduleDir, 'package.json'))?.version ?? 'unknown';
  return installedVersion;
}

function cacheSourceFile(key) {
  return path.join(cacheRoot, key, 'source.json');
}

function writeCacheEntry(key, fromFile) {
  installFile(fromFile, cachedBinary(key));
  fs.writeFileSync(cacheSourceFile(key), `${JSON.stringify({ module: MODULE, version: moduleVersion() })}\n`);
}

/** Whether `key` has a cached binary for the installed version; a stale entry is removed. */
function cacheEntryValid(key) {
  if (!fs.existsSync(cachedBinary(key))) return false;
  const cachedVersion = readJson(cacheSourceFile(key))?.version;
  if (cachedVersion === moduleVersion()) return true;
  say(`discarding the cached ${key} build of ${MODULE} ${cachedVersion ?? '(unknown version)'}: ${moduleVersion()} is installed.`);
  fs.rmSync(path.join(cacheRoot, key), { recursive: true, force: true });
  return false;
}

/** Copies `from` to `to` through a temporary file and a rename, so `to` is never half-written. */
function installFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, tmp);
  try {
    fs.renameSync(tmp, to);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    if (error.code === 'EPERM' || error.code === 'EBUSY') {
      throw new NativeAbiError(
        `cannot replace ${path.relative(root, to)} (${error.code}): it is in use. Quit Frontdesk and any running tests, then try again.`,
      );
    }
    throw error;
  }
}

function writeMarker(key) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const marker = { key, version: moduleVersion(), sha256: sha256(binaryFile), at: new Date().toISOString() };
  const tmp = `${markerFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(marker, null, 2)}\n`);
  fs.renameSync(tmp, markerFile);
}

/** The fast path: the marker names this key and the installed binary is the one it recorded. */
function alreadyInstalled(key) {
  const marker = readJson(markerFile);
  if (!marker || marker.key !== key || marker.version !== moduleVersion() || !fs.existsSync(binaryFile)) return false;
  return marker.sha256 === sha256(binaryFile);
}

/** Loads the module in a child Node process; returns null when it works, else the reason. */
function loadFailureUnderNode() {
  if (!fs.existsSync(binaryFile)) return `${path.relative(root, binaryFile)} is missing`;
  const result = spawnSync(process.execPath, ['-e', `new (require(${JSON.stringify(MODULE)}))(':memory:').close()`], {
    cwd: root,
    encoding: 'utf8',
    env: withoutElectronRunAsNode(),
  });
  if (result.error) throw result.error;
  if (result.status === 0) return null;
  const lines = `${result.stderr}`.split('\n').filter((line) => /Error|NODE_MODULE_VERSION|invalid ELF|not a valid/i.test(line));
  return (lines[0] ?? `exit code ${result.status}`).trim();
}

function withoutElectronRunAsNode() {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

function nodeKey() {
  return `node-${process.versions.modules}`;
}

function saveToCache(key) {
  if (cacheEntryValid(key) && sha256(cachedBinary(key)) === sha256(binaryFile)) return;
  writeCacheEntry(key, binaryFile);
}

function restoreFromCache(key) {
  if (!cacheEntryValid(key)) return false;
  installFile(cachedBinary(key), binaryFile);
  return true;
}

/** NATIVE_ABI_NO_BUILD=1: use the cache only, never compile or download (tests, offline CI). */
function assertBuildAllowed(what) {
  if (process.env.NATIVE_ABI_NO_BUILD === '1') {
    throw new NativeAbiError(`${what} is needed but NATIVE_ABI_NO_BUILD=1 forbids building; the installed binary was left unchanged.`);
  }
}

function ensureNode() {
  const key = nodeKey();
  if (alreadyInstalled(key)) {
    say(`${MODULE} is already built for Node (${key}); nothing to do.`);
    return;
  }
  const failure = loadFailureUnderNode();
  if (failure === null) {
    saveToCache(key);
    writeMarker(key);
    say(`${MODULE} already loads under Node (${key}); cached it.`);
    return;
  }
  if (restoreFromCache(key)) {
    const after = loadFailureUnderNode();
    if (after === null) {
      writeMarker(key);
      say(`${MODULE} restored the Node build (${key}) from .native-cache.`);
      return;
    }
    say(`cached Node build (${key}) does not load (${after}); discarding it and rebuilding.`);
    fs.rmSync(path.join(cacheRoot, key), { recursive: true, force: true });
  }
  assertBuildAllowed(`rebuilding ${MODULE} for Node (${key})`);
  say(`${MODULE} does not load under Node (${failure}); running \`npm rebuild ${MODULE}\` (can take a minute)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['rebuild', MODULE], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new NativeAbiError(`\`npm rebuild ${MODULE}\` failed with exit code ${result.status}.`);
  const afterRebuild = loadFailureUnderNode();
  if (afterRebuild !== null) throw new NativeAbiError(`${MODULE} still does not load under Node after rebuilding: ${afterRebuild}`);
  saveToCache(key);
  writeMarker(key);
  say(`${MODULE} rebuilt for Node (${key}) and cached.`);
}

function electronInfo() {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pkg = readJson(path.join(electronDir, 'package.json'));
  const abiFile = path.join(electronDir, 'abi_version');
  if (!pkg || !fs.existsSync(abiFile)) throw new NativeAbiError('electron is not installed in node_modules; run `npm ci` first.');
  const abi = fs.readFileSync(abiFile, 'utf8').trim();
  // The executable, if it has been downloaded; found without require('electron'), which would try to download it.
  const pathTxt = path.join(electronDir, 'path.txt');
  const executable = fs.existsSync(pathTxt) ? path.join(electronDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim()) : null;
  return { version: pkg.version, abi, key: `electron-${abi}`, executable: executable && fs.existsSync(executable) ? executable : null };
}

/** Copies the module's sources (not its build output) into a staging project inside the root, so
 * Node resolution still finds its dependencies (prebuild-install, bindings) in the root's node_modules. */
function prepareStaging() {
  const staging = path.join(cacheRoot, 'staging');
  fs.rmSync(staging, { recursive: true, force: true });
  const stagedModule = path.join(staging, 'node_modules', MODULE);
  fs.cpSync(moduleDir, stagedModule, { recursive: true, filter: (src) => path.relative(moduleDir, src) !== 'build' });
  const version = readJson(path.join(moduleDir, 'package.json'))?.version ?? '*';
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ name: 'native-abi-staging', private: true, dependencies: { [MODULE]: version } }, null, 2)}\n`,
  );
  return { staging, builtBinary: path.join(stagedModule, 'build', 'Release', BINARY) };
}

/** Loads the built binary inside Electron-as-Node, when the Electron executable is present. */
function verifyUnderElectron(executable, binary) {
  if (!executable) return 'skipped (Electron executable not downloaded)';
  const script = `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(binary)}); if (typeof m.exports.Database !== 'function') process.exit(3);`;
  const result = spawnSync(executable, ['-e', script], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new NativeAbiError(`the Electron build does not load in Electron: ${`${result.stderr}`.trim() || `exit ${result.status}`}`);
  return 'loads in Electron';
}

async function buildForElectron(electron) {
  assertBuildAllowed(`building ${MODULE} for Electron ${electron.version} (${electron.key})`);
  say(`no cached Electron build; building ${MODULE} for Electron ${electron.version} (ABI ${electron.abi}) with @electron/rebuild...`);
  const { staging, builtBinary } = prepareStaging();
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: staging, electronVersion: electron.version, onlyModules: [MODULE], force: true });
    if (!fs.existsSync(builtBinary)) throw new Error(`@electron/rebuild finished but produced no ${BINARY}`);
    const verified = verifyUnderElectron(electron.executable, builtBinary);
    writeCacheEntry(electron.key, builtBinary);
    return verified;
  } catch (error) {
    if (error instanceof NativeAbiError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new NativeAbiError(
      `could not build ${MODULE} for Electron ${electron.version} (ABI ${electron.abi}): ${reason}\n` +
        `${TAG} This step downloads Electron's headers (or a prebuilt binary) and needs internet access ` +
        `(and, without a prebuilt binary, a C++ toolchain). The installed binary was left unchanged.`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function ensureElectron() {
  const electron = electronInfo();
  if (alreadyInstalled(electron.key)) {
    say(`${MODULE} is already built for Electron ${electron.version} (${electron.key}); nothing to do.`);
    return;
  }
  // Keep the Node build so `npm test` can switch back without rebuilding.
  if (loadFailureUnderNode() === null) saveToCache(nodeKey());
  if (restoreFromCache(electron.key)) {
    writeMarker(electron.key);
    say(`${MODULE} switched to the Electron ${electron.version} build (${electron.key}) from .native-cache.`);
    return;
  }
  const verified = await buildForElectron(electron);
  restoreFromCache(electron.key);
  writeMarker(electron.key);
  say(`${MODULE} built for Electron ${electron.version} (${electron.key}), ${verified}, and cached.`);
}

async function main() {
  const runtime = process.argv[2];
  if (runtime !== 'node' && runtime !== 'electron') {
    throw new NativeAbiError('usage: node scripts/native-abi.mjs <node|electron>');
  }
  if (!fs.existsSync(path.join(moduleDir, 'package.json'))) {
    throw new NativeAbiError(`${MODULE} is not installed in ${path.relative(process.cwd(), moduleDir) || moduleDir}; run \`npm ci\` first.`);
  }
  if (runtime === 'node') ensureNode();
  else await ensureElectron();
}

main().catch((error) => {
  if (error instanceof NativeAbiError) console.error(`${TAG} ${error.message}`);
  else console.error(`${TAG} failed:`, error);
  process.exit(1);
});
