/**
 * A Vite plugin for the renderer build: everything the app module (renderer/src/boot.tsx) imports
 * statically goes into one chunk with it, instead of the ~20 small chunks Rolldown splits out for
 * the modules the app shares with its lazy screens. Over the HTTP dev transport the browser opens
 * at most six connections to the server, so twenty-odd preloads queued the start-up calls and the
 * stylesheet behind them; one chunk is one request (the lazy screens then import the shared
 * modules from it, which is already loaded when they run).
 *
 * What the entry script (main.tsx) imports statically stays out: the entry must stay small and
 * must not wait for the app's chunk.
 */
import type { Plugin } from 'vite';

/** The static import graph of a build, as far as this needs it. */
export interface ModuleGraph {
  staticImports(id: string): readonly string[];
  /** Whether some module loads `id` with `import()`. */
  isLoadedLazily(id: string): boolean;
}

/**
 * Every module reachable from `root` through static imports, `root` included, but not through a
 * module that something loads with `import()`: Blueprint's icon index imports every icon's paths
 * (about 580 KB) statically but uses them only through its lazy loader, and tree-shaking drops
 * the static path; pulling them into the chunk would defeat that.
 */
export function staticallyReachable(graph: ModuleGraph, root: string): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    if (id !== root && graph.isLoadedLazily(id)) continue;
    seen.add(id);
    stack.push(...graph.staticImports(id));
  }
  return seen;
}

/**
 * The modules of the first-load chunk: reachable from the app, minus what the entry reaches and
 * minus the app module itself, which stays the facade of its own small chunk (the entry's
 * `import()` target; Rolldown cannot make a grouped module a dynamic import's facade).
 */
export function firstLoadModules(graph: ModuleGraph, entry: string, app: string): Set<string> {
  const fromEntry = staticallyReachable(graph, entry);
  return new Set([...staticallyReachable(graph, app)].filter((id) => id !== app && !fromEntry.has(id)));
}

const normal = (id: string) => id.replaceAll('\\', '/');

export function firstLoadChunk(entrySuffix = '/renderer/src/main.tsx', appSuffix = '/renderer/src/boot.tsx', chunkName = 'app'): Plugin {
  // Filled at the end of the module graph's build; read when Rolldown forms the chunks, after it.
  let members: Set<string> | null = null;
  return {
    name: 'frontdesk:first-load-chunk',
    apply: 'build',
    config() {
      return {
        build: {
          rolldownOptions: {
            output: {
              codeSplitting: {
                groups: [
                  {
                    name: chunkName,
                    // The members are already closed under static imports, apart from the
                    // entry's own modules, which must stay in the entry.
                    includeDependenciesRecursively: false,
                    test: (id: string) => {
                      if (members === null) throw new Error('firstLoadChunk: chunks formed before the module graph was complete');
                      return members.has(id);
                    },
                  },
                ],
              },
            },
          },
        },
      };
    },
    buildEnd(error) {
      if (error) return;
      const ids = [...this.getModuleIds()];
      const entry = ids.find((id) => normal(id).endsWith(entrySuffix));
      const app = ids.find((id) => normal(id).endsWith(appSuffix));
      if (!entry || !app) throw new Error(`firstLoadChunk: ${entry ? appSuffix : entrySuffix} is not in the build; was it renamed?`);
      members = firstLoadModules(
        {
          staticImports: (id) => this.getModuleInfo(id)?.importedIds ?? [],
          isLoadedLazily: (id) => (this.getModuleInfo(id)?.dynamicImporters.length ?? 0) > 0,
        },
        entry,
        app,
      );
    },
  };
}
