import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IconNames, Icons, IconSize } from '@blueprintjs/icons';
import { describe, expect, it } from 'vitest';
import { BUNDLED_ICONS, BUNDLED_ICONS_20, bundledIconLoader, installIcons } from './icons';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ICON_NAMES = new Set<string>(Object.values(IconNames));

/** Every Blueprint icon name quoted on a line of renderer/src that speaks of icons. */
function iconNamesInSource(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      // The entry script's first screen draws its few icons from paths it imports itself
      // (shell/first-paint/icons.ts), not through Blueprint's loader.
      if (entry.isDirectory()) {
        if (entry.name !== 'first-paint') walk(file);
      }
      else if (/\.tsx?$/.test(entry.name) && !entry.name.includes('.test.')) {
        for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
          if (!/icon/i.test(line) || line.includes('import.meta.glob')) continue;
          for (const match of line.matchAll(/["']([a-z0-9-]+)["']/g)) if (match[1] && ICON_NAMES.has(match[1])) found.add(match[1]);
        }
      }
    }
  };
  walk(SRC);
  return found;
}

describe('bundled icons', () => {
  it('bundles every icon the app names, in both sizes (a missing one would pull in a 400 KB chunk)', () => {
    const named = [...iconNamesInSource()].sort();
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => !BUNDLED_ICONS.includes(name))).toEqual([]);
    expect([...BUNDLED_ICONS].sort()).toEqual([...BUNDLED_ICONS_20].sort());
    expect(BUNDLED_ICONS.filter((name) => !ICON_NAMES.has(name))).toEqual([]);
  });

  it('serves the same paths as Blueprint’s own loader, and falls back to it for other icons', async () => {
    const { splitPathsBySizeLoader } = await import('@blueprintjs/icons/lib/esm/paths-loaders/splitPathsBySizeLoader');
    for (const size of [IconSize.STANDARD, IconSize.LARGE]) {
      for (const name of [IconNames.MOBILE_PHONE, IconNames.INBOX, IconNames.AIRPLANE]) {
        expect(await bundledIconLoader(name, size)).toEqual(await splitPathsBySizeLoader(name, size));
      }
    }
  });

  it('has the 16 px icons in Blueprint’s cache once installed, so the first render draws them', async () => {
    expect(Icons.getPaths(IconNames.MOBILE_PHONE, IconSize.STANDARD)).toBeUndefined();
    await installIcons();
    expect(Icons.getPaths(IconNames.MOBILE_PHONE, IconSize.STANDARD)?.length).toBeGreaterThan(0);
    expect(Icons.getPaths(IconNames.AIRPLANE, IconSize.STANDARD)).toBeUndefined();
  });
});
