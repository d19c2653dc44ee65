/**
 * Vitest globalSetup for the browser tests: builds the renderer once into a temp folder and
 * provides its path as `rendererDir`. Without it, each e2e file builds its own copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildRenderer } from './build-renderer';

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-renderer-'));
  await buildRenderer(dir);
  project.provide('rendererDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
