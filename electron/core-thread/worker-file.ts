/**
 * Where the core worker's entry is. Built, it is out/main/core-worker.js beside the main bundle
 * (electron.vite.config.ts builds both); from source (tests, the dev transport under tsx) it is
 * worker-entry.ts, which the worker loads through tsx.
 */
export interface CoreWorkerFile {
  file: URL;
  execArgv: string[];
}

export function coreWorkerFile(): CoreWorkerFile {
  const here = import.meta.url;
  if (/\.tsx?$/.test(new URL(here).pathname)) return { file: new URL('./worker-entry.ts', here), execArgv: ['--import', 'tsx'] };
  return { file: new URL('./core-worker.js', here), execArgv: [] };
}
