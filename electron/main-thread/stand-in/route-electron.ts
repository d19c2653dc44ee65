/**
 * Makes `electron` (and `electron-store`) resolve to in-memory stand-ins for this whole Node
 * process: for the app bundle's `import` and for packages like electron-updater that
 * `require('electron')` lazily. Without it such a require would load the real `electron`
 * package, whose index.js tries to download the Electron binary.
 */
import { registerHooks } from 'node:module';

const GLOBAL_KEY = '__frontdeskStandIns';
const SCHEME = 'frontdesk-stand-in:';

type StandIns = Record<string, Record<string, unknown>>;

export function routeToStandIns(standIns: StandIns): void {
  const registry = ((globalThis as Record<string, unknown>)[GLOBAL_KEY] ??= {}) as StandIns;
  const fresh = Object.keys(registry).length === 0;
  Object.assign(registry, standIns);
  if (!fresh) return;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!Object.hasOwn(registry, specifier)) return nextResolve(specifier, context);
      const kind = context.conditions.includes('require') ? 'cjs' : 'esm';
      return { url: `${SCHEME}${specifier}?${kind}`, shortCircuit: true };
    },
    load(url, context, nextLoad) {
      if (!url.startsWith(SCHEME)) return nextLoad(url, context);
      const [name = '', kind] = url.slice(SCHEME.length).split('?');
      const ref = `globalThis[${JSON.stringify(GLOBAL_KEY)}][${JSON.stringify(name)}]`;
      if (kind === 'cjs') return { format: 'commonjs', source: `module.exports = ${ref};`, shortCircuit: true };
      const names = Object.keys(registry[name] ?? {}).filter((key) => key !== 'default');
      const source = [
        `const m = ${ref};`,
        ...names.map((key) => `export const ${key} = m[${JSON.stringify(key)}];`),
        'export default m.default ?? m;',
      ].join('\n');
      return { format: 'module', source, shortCircuit: true };
    },
  });
}
