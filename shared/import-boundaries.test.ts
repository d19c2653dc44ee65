/**
 * The architecture's import boundaries are enforced by lint: this checks that the lint config
 * actually refuses the imports it must refuse (and allows the ones it must allow).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('renderer/ cannot import electron, Node built-ins or main-process code', async () => {
    expect(await boundaryErrors('renderer/src/x.ts', `import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;`)).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/x.ts', `import fs from 'node:fs';\nexport const a = fs;`)).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/x.ts', `import fs from 'fs';\nexport const a = fs;`)).toHaveLength(1);
    expect(await boundaryErrors('renderer/src/screens/x.ts', `import { createCore } from '../../../electron/core-thread/create-core';\nexport const a = createCore;`)).toHaveLength(1);
  });

  it('shared/ cannot import electron, Node built-ins or main-process code', async () => {
    expect(await boundaryErrors('shared/x.ts', `import { app } from 'electron';\nexport const a = app;`)).toHaveLength(1);
    expect(await boundaryErrors('shared/x.ts', `import path from 'node:path';\nexport const a = path;`)).toHaveLength(1);
    expect(await boundaryErrors('shared/x.ts', `import { openDatabase } from '../electron/db/open-database';\nexport const a = openDatabase;`)).toHaveLength(1);
  });

  it('the core may use Node but not electron; only the shell imports electron', async () => {
    expect(await boundaryErrors('electron/services/x.ts', `import { safeStorage } from 'electron';\nexport const a = safeStorage;`)).toHaveLength(1);
    expect(await boundaryErrors('electron/services/x.ts', `import fs from 'node:fs';\nexport const a = fs;`)).toHaveLength(0);
    expect(await boundaryErrors('electron/main-thread/x.ts', `import { app } from 'electron';\nexport const a = app;`)).toHaveLength(0);
  });

  it('renderer/ and shared/ may import shared code and npm packages', async () => {
    expect(await boundaryErrors('renderer/src/x.ts', `import { contract } from '../../shared/contract';\nimport { z } from 'zod';\nexport const a = [contract, z];`)).toHaveLength(0);
  });
});
