import { describe, expect, it } from 'vitest';
import { firstLoadModules, type ModuleGraph } from './vite-first-load-chunk';

/** A graph from `{ id: [static imports] }`, with the ids in `lazy` loaded through `import()` somewhere. */
function graph(edges: Record<string, string[]>, lazy: string[] = []): ModuleGraph {
  return { staticImports: (id) => edges[id] ?? [], isLoadedLazily: (id) => lazy.includes(id) };
}

describe('firstLoadModules', () => {
  it("takes the app's static imports, transitively, but not the app module itself", () => {
    const g = graph({ boot: ['App', 'react-dom'], App: ['Inbox', 'blueprint'], Inbox: ['blueprint', 'virtual'], 'react-dom': ['react'] }, ['boot']);
    expect([...firstLoadModules(g, 'main', 'boot')].sort()).toEqual(['App', 'Inbox', 'blueprint', 'react', 'react-dom', 'virtual']);
  });

  it("leaves out what the entry script imports, so the entry never waits for the app's chunk", () => {
    const g = graph({ main: ['api', 'route-parse'], api: ['zod'], boot: ['App', 'api'], App: ['route-parse', 'screens'] }, ['boot']);
    expect([...firstLoadModules(g, 'main', 'boot')].sort()).toEqual(['App', 'screens']);
  });

  it('does not pull in lazily loaded modules (or what only they import), so lazy screens stay lazy', () => {
    const g = graph({ boot: ['App', 'icons-index'], App: ['Settings'], Settings: ['charts'], 'icons-index': ['all-paths'], 'all-paths': ['paths-data'] }, ['boot', 'Settings', 'all-paths']);
    expect([...firstLoadModules(g, 'main', 'boot')].sort()).toEqual(['App', 'icons-index']);
  });

  it('survives import cycles', () => {
    const g = graph({ boot: ['a'], a: ['b'], b: ['a', 'boot'] }, ['boot']);
    expect([...firstLoadModules(g, 'main', 'boot')].sort()).toEqual(['a', 'b']);
  });
});
