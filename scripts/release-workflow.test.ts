/**
 * The release workflow cannot run here (no Windows or macOS runner), so it is checked statically:
 * it validates against GitHub's workflow schema (@action-validator/cli), and it has the jobs and
 * steps the release process relies on.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const workflow = path.join(repo, '.github', 'workflows', 'release.yml');
const validator = path.join(repo, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const text = fs.readFileSync(workflow, 'utf8');

function validate(file: string) {
  return spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
}

/** The top-level job ids and the text of each job. */
function jobs(): Map<string, string> {
  const body = text.slice(text.indexOf('\njobs:\n') + '\njobs:\n'.length);
  const result = new Map<string, string>();
  const ids = [...body.matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)];
  ids.forEach((match, i) => result.set(match[1] ?? '', body.slice(match.index, ids[i + 1]?.index ?? body.length)));
  return result;
}

describe('.github/workflows/release.yml', () => {
  it('validates against the workflow schema', () => {
    const result = validate(workflow);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator rejects a broken workflow (so the check above means something)', () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-wf-')), 'release.yml');
    try {
      fs.writeFileSync(broken, text.replace('runs-on: windows-latest', 'runs-on: windows-latest\n    runs_on_typo: 1'));
      expect(validate(broken).status).not.toBe(0);
    } finally {
      fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    }
  });

  it('runs on version tags and has the Windows, macOS and release jobs', () => {
    expect(text).toMatch(/on:\n {2}push:\n {4}tags:\n {6}- "v\*\.\*\.\*"/);
    expect([...jobs().keys()]).toEqual(['build-windows', 'build-macos', 'release']);
    expect(jobs().get('build-windows')).toContain('runs-on: windows-latest');
    expect(jobs().get('build-macos')).toContain('runs-on: macos-latest');
    expect(jobs().get('release')).toContain('needs: [build-windows, build-macos]');
  });

  it('each build signs only with secrets, warns in the summary when unsigned, checks fuses and smoke-tests', () => {
    const windows = jobs().get('build-windows') ?? '';
    expect(windows).toContain('npm run dist:win');
    expect(windows).toContain('secrets.WIN_CSC_LINK');
    expect(windows).toMatch(/UNSIGNED Windows build[\s\S]*GITHUB_STEP_SUMMARY/);
    expect(windows).toContain('node scripts/check-fuses.mjs dist/win-unpacked/Frontdesk.exe');
    expect(windows).toContain('--smoke-test=');
    expect(windows).toMatch(/ExitCode -ne 0\) \{ throw/);
    for (const file of ['dist/*.exe', 'dist/*.exe.blockmap', 'dist/latest.yml']) expect(windows).toContain(file);

    const mac = jobs().get('build-macos') ?? '';
    expect(mac).toContain('npm run dist:mac');
    for (const secret of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']) expect(mac).toContain(`secrets.${secret}`);
    expect(mac).toMatch(/UNSIGNED macOS build[\s\S]*GITHUB_STEP_SUMMARY/);
    expect(mac).toContain('check-fuses.mjs dist/mac/Frontdesk.app');
    expect(mac).toContain('check-fuses.mjs dist/mac-arm64/Frontdesk.app');
    expect(mac).toMatch(/Contents\/MacOS\/Frontdesk" "--smoke-test=/);
    for (const file of ['dist/*.dmg', 'dist/*.zip', 'dist/*.zip.blockmap', 'dist/latest-mac.yml']) expect(mac).toContain(file);
  });

  it('builds what electron-builder.yml and package.json promise', () => {
    const builder = fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/- target: dmg\n {6}arch:\n {8}- x64\n {8}- arm64\n {4}- target: zip\n {6}arch:\n {8}- x64\n {8}- arm64/);
    expect(builder).toContain('resetAdHocDarwinSignature: true');
    expect(builder).toMatch(/publish:\n {2}provider: generic\n {2}url: \$\{env\.FRONTDESK_UPDATE_URL\}/);
    const scripts = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['dist:win']).toBe('npm run build && node scripts/dist.mjs --win');
    expect(scripts['dist:mac']).toBe('npm run build && node scripts/dist.mjs --mac');
    expect(scripts.dist).toBe('npm run build && node scripts/dist.mjs');
  });
});

describe('electron-builder.yml', () => {
  // electron-builder's own loader and schema check (what `electron-builder` runs before packaging).
  const require = createRequire(path.join(repo, 'package.json'));
  type Config = { publish: unknown; electronFuses: Record<string, boolean> };
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, overrides: object): Promise<Config>;
    validateConfiguration(config: Config, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

  it("validates against electron-builder's schema, with the feed and as scripts/dist.mjs builds without one", async () => {
    const withFeed = await getConfig(repo, null, {});
    await validateConfiguration(withFeed, new DebugLogger(false));
    expect(withFeed.publish).toEqual({ provider: 'generic', url: '${env.FRONTDESK_UPDATE_URL}', updaterCacheDirName: 'frontdesk-updater' });
    expect(withFeed.electronFuses).toMatchObject({ runAsNode: false, resetAdHocDarwinSignature: true });
    const withoutFeed = await getConfig(repo, null, { publish: null }); // -c.publish=null
    await validateConfiguration(withoutFeed, new DebugLogger(false));
    expect(withoutFeed.publish).toBeNull();
  });

  it('the schema check rejects a misspelt option (so the check above means something)', async () => {
    const misspelt = await getConfig(repo, null, { electronFuses: { resetAdHocDarwinSignatur: true } });
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
  });
});
