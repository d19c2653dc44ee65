/**
 * The LiquidJS engine every template goes through: strict variables and strict filters (a typo is
 * an error, never an empty string), a `date` filter that formats in the patient's time zone and
 * language, parse caching, and readable error messages.
 */
import { Liquid, type FilterImplOptions, type Template } from 'liquidjs';
import { strftime, toZonedInstant } from './strftime';
import { renderCompiled } from './compiled';
import type { RenderEnv } from './render-env';

export interface TemplateIssue {
  /** Field path, e.g. `content.en.sms.body`. */
  path: string;
  message: string;
  /** The variable or filter the problem is about, when there is one. */
  name?: string;
}

/** A template that cannot be parsed or rendered; `issues` say where and why. */
export class TemplateError extends Error {
  constructor(readonly issues: TemplateIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'TemplateError';
  }
}

const ENV_KEY = '__frontdesk_env';
export const DEFAULT_DATE_FORMAT = '%a, %b %-d, %Y %-l:%M %p';

const engine = new Liquid({ strictVariables: true, strictFilters: true, ownPropertyOnly: true, jsTruthy: false });

/** The `date` filter: `{{ appointment.start | date: "%a %b %-d, %-l:%M %p" }}` in the patient's zone. */
function dateFilter(this: { context: { globals: unknown } }, value: unknown, format?: unknown): string {
  const env = (this.context.globals as Record<string, RenderEnv | undefined>)[ENV_KEY];
  if (!env) throw new Error('date filter used without a render environment');
  const text = formatDate(value, format, env);
  if (text === null) throw new Error(`the date filter needs a date or time, got ${JSON.stringify(value)}`);
  return text;
}

/** What `{{ value | date: format }}` prints, or null when the value is no date or time. */
export function formatDate(value: unknown, format: unknown, env: RenderEnv): string | null {
  const instant = toZonedInstant(value, env.timeZone, env.language, env.now);
  return instant ? cleanSpaces(strftime(instant, typeof format === 'string' && format !== '' ? format : DEFAULT_DATE_FORMAT)) : null;
}
engine.registerFilter('date', dateFilter as unknown as FilterImplOptions);

/** ICU puts narrow/non-breaking spaces in some formats ("10:30\u202fAM"); they would force UCS-2 in SMS. */
export function cleanSpaces(text: string): string {
  return text.replace(/[\u202f\u00a0\u2009]/g, ' ');
}

const cache = new Map<string, Template[]>();
const CACHE_LIMIT = 500;

export function parseTemplate(source: string): Template[] {
  const hit = cache.get(source);
  if (hit) return hit;
  const parsed = engine.parse(source);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(source, parsed);
  return parsed;
}

/** Global variable paths a template reads, in every branch (`{% if %}` bodies included). */
export function variablePaths(template: Template[]): string[] {
  const paths = engine.globalVariableSegmentsSync(template).map((segments) =>
    segments.map((s) => (typeof s === 'string' ? s : typeof s === 'number' ? String(s) : '[]')).join('.'),
  );
  return Array.from(new Set(paths));
}

export function renderParsed(template: Template[], context: object, env: RenderEnv): string {
  return engine.renderSync(template, context, { globals: { [ENV_KEY]: env } }) as string;
}

/** Parse and render one field; Liquid errors become a TemplateError at `path`. */
export function renderField(source: string, context: object, env: RenderEnv, path: string): string {
  // Text with plain outputs renders without Liquid (compiled.ts); anything else, and every error, through Liquid.
  const fast = renderCompiled(source, context, env, formatDate);
  if (fast !== undefined) return fast;
  let parsed: Template[] | null = null;
  try {
    parsed = parseTemplate(source);
    return renderParsed(parsed, context, env);
  } catch (err) {
    const issue = liquidIssue(err, path);
    // Liquid names the first missing segment ("appointment"); name the whole path the template reads.
    if (parsed && issue.name) {
      const prefix = issue.name;
      const full = variablePaths(parsed).find((p) => p === prefix || p.startsWith(prefix + '.'));
      if (full && full !== prefix) return throwIssue({ ...issue, name: full, message: issue.message.replace(`"${prefix}"`, `"${full}"`) });
    }
    return throwIssue(issue);
  }
}

function throwIssue(issue: TemplateIssue): never {
  throw new TemplateError([issue]);
}

/** A LiquidJS error as a readable issue naming the variable or filter. */
export function liquidIssue(err: unknown, path: string): TemplateIssue {
  const raw = err instanceof Error ? err.message : String(err);
  const where = /line:(\d+), col:(\d+)/.exec(raw);
  const at = where ? ` (line ${where[1]}, column ${where[2]})` : '';
  const variable = /undefined variable: ([^,]+)/.exec(raw);
  if (variable?.[1]) return { path, name: variable[1], message: `Unknown variable "${variable[1]}"${at}` };
  const filter = /undefined filter: ([^,]+)/.exec(raw);
  if (filter?.[1]) return { path, name: filter[1], message: `Unknown filter "${filter[1]}"${at}` };
  const detail = raw.replace(/, line:\d+, col:\d+[\s\S]*$/, '');
  return { path, message: `${detail}${at}` };
}
