/**
 * Re-reads (a push event re-reads the newest page of a thread or the first page of the list)
 * mostly return what is already on screen. Handing React the objects it already has, where
 * nothing changed, lets memoised rows skip their render: a re-read then costs only the rows that
 * really changed, instead of remounting every bubble's tooltips and tags.
 */
export function reuseUnchanged<T extends { id: number }>(previous: readonly T[], fresh: readonly T[]): T[] {
  if (previous.length === 0) return [...fresh];
  const known = new Map<number, T>();
  for (const item of previous) known.set(item.id, item);
  return fresh.map((item) => {
    const old = known.get(item.id);
    return old !== undefined && sameValue(old, item) ? old : item;
  });
}

/** Structural equality for plain JSON data (what the contract's zod outputs are). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, i) => sameValue(value, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.every((key) => Object.prototype.hasOwnProperty.call(rb, key) && sameValue(ra[key], rb[key]));
}
