/**
 * Templates that are only text and plain outputs (`{{ patient.firstName }}`, optionally
 * `| date: "…"`) render as a concatenation instead of through Liquid: a broadcast renders one
 * template for tens of thousands of patients, and Liquid's per-render cost was most of it. Each
 * source is split once; a render looks the paths up and joins. Whenever the outcome could differ
 * from Liquid's (a tag, whitespace control, another filter, a value that is not a plain string or
 * number, a missing variable) the answer is `undefined` and the caller renders with Liquid, which
 * also produces every error. compiled.property.test.ts checks the two agree on random input.
 */
import type { RenderEnv } from './render-env';

/** A literal piece of text, or an output: the variable path and its date format (null: no filter). */
type Part = string | { path: readonly string[]; date: string | null | undefined };

/** `{{ a.b }}` or `{{ a.b | date }}` or `{{ a.b | date: "fmt" }}` (no backslash, quote or brace in fmt). */
const OUTPUT = /\{\{ *([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*) *(?:\| *date *(?:: *(?:"([^"\\{}]*)"|'([^'\\{}]*)') *)?)?\}\}/g;
/** Names Liquid reads as literals or special properties, never as a variable lookup. */
const SPECIAL = new Set(['true', 'false', 'nil', 'null', 'empty', 'blank', 'size', 'first', 'last']);

const compiled = new Map<string, Part[] | null>();
const CACHE_LIMIT = 500;

/** The parts of a source that is only text and plain outputs; null when Liquid must render it. */
export function compileSimple(source: string): Part[] | null {
  const parts: Part[] = [];
  let last = 0;
  // Text Liquid would read as (part of) a tag or output: `{{`, `{%`, or a `{` right before an output.
  const text = (s: string, beforeOutput: boolean) => !s.includes('{{') && !s.includes('{%') && !(beforeOutput && s.endsWith('{'));
  for (const m of source.matchAll(OUTPUT)) {
    const before = source.slice(last, m.index);
    if (!text(before, true)) return null;
    const path = (m[1] as string).split('.');
    if (path.some((key) => SPECIAL.has(key))) return null;
    const filtered = /\|/.test(m[0]);
    parts.push(before, { path, date: filtered ? (m[2] ?? m[3] ?? null) : undefined });
    last = m.index + m[0].length;
  }
  const tail = source.slice(last);
  if (!text(tail, false)) return null;
  parts.push(tail);
  return parts;
}

function cachedParts(source: string): Part[] | null {
  let parts = compiled.get(source);
  if (parts === undefined) {
    parts = compileSimple(source);
    if (compiled.size >= CACHE_LIMIT) {
      const oldest = compiled.keys().next().value;
      if (oldest !== undefined) compiled.delete(oldest);
    }
    compiled.set(source, parts);
  }
  return parts;
}

/** The value at `path` when it is an own property chain of plain objects; undefined otherwise. */
function lookup(context: object, path: readonly string[]): unknown {
  let value: unknown = context;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    if (!Object.hasOwn(value, key) || Object.hasOwn(value, 'toLiquid')) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** How Liquid prints a value, for the values whose printing is certain: strings and ordinary numbers. */
function printed(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
  return undefined;
}

/**
 * `source` rendered without Liquid, or undefined when it needs Liquid. `formatDate` is the date
 * filter's own formatting (liquid.ts), so both paths print dates the same way.
 */
export function renderCompiled(
  source: string,
  context: object,
  env: RenderEnv,
  formatDate: (value: unknown, format: unknown, env: RenderEnv) => string | null,
): string | undefined {
  const parts = cachedParts(source);
  if (!parts) return undefined;
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = lookup(context, part.path);
    const text = part.date === undefined ? printed(value) : printed(value) === undefined ? undefined : (formatDate(value, part.date, env) ?? undefined);
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}
