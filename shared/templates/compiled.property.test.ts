/**
 * The concatenation renderer (compiled.ts) against Liquid: for random sources mixing text, braces
 * and outputs (with and without the date filter, other filters, special names) and random
 * variable values (strings, numbers, nulls, booleans, arrays, missing ones, dates), whenever the
 * fast path answers, Liquid renders the same text without error; and renderField, which tries the
 * fast path first, answers exactly what Liquid alone answers (the same text or the same error).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSimple, renderCompiled } from './compiled';
import { formatDate, parseTemplate, renderField, renderParsed } from './liquid';
import type { RenderEnv } from './render-env';

const NOW = new Date(Date.UTC(2026, 2, 10, 14, 30));

const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e13 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, -0, Number.NaN, Number.POSITIVE_INFINITY) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ nested: fc.string({ maxLength: 3 }) }) },
);
const dateValue = fc.oneof(
  fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2040, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.constantFrom('now', 'today', '2026-03-10', 'not a date', '', '12345'),
  value,
);
/** A value, or no key at all (a missing variable: Liquid's strict mode refuses it). */
const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 6 });

const context = fc
  .record({
    first: maybe(value),
    last: maybe(value),
    size: maybe(value),
    clinic: maybe(value),
    deep: maybe(value),
    start: maybe(dateValue),
    x: maybe(value),
  })
  .map((v) => {
    const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
    return defined({
      patient: defined({ firstName: v.first, lastName: v.last, size: v.size }),
      clinic: defined({ name: v.clinic }),
      a: { b: defined({ c: v.deep }) },
      appointment: defined({ start: v.start }),
      x: v.x,
    });
  });

const path = fc.constantFrom('patient.firstName', 'patient.lastName', 'clinic.name', 'a.b.c', 'x', 'appointment.start', 'patient.size', 'nil', 'missing', 'patient.missing', 'a.b');
const filter = fc.constantFrom('', ' | date', '| date: "%a %b %-d, %-l:%M %p"', " | date: '%Y-%m-%d %H:%M'", ' | date: ""', ' | upcase', ' | date: "%e \\"x\\""', ' | default: "y"');
const output = fc
  .tuple(fc.constantFrom('{{', '{{-'), fc.constantFrom('', ' ', '  '), path, filter, fc.constantFrom('', ' ', '\t'), fc.constantFrom('}}', '-}}'))
  .map(([open, l, p, f, r, close]) => `${open}${l}${p}${f}${r}${close}`);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom('{', '}', '{%', '%}', '}}', '{{', ' {', '|', '\n', 'Reply STOP to opt out.') },
);
const source = fc.array(fc.oneof(text, output, output), { maxLength: 6 }).map((parts) => parts.join(''));
const env = fc.record({
  timeZone: fc.constantFrom('America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'),
  language: fc.constantFrom('en', 'es', 'fr', 'de'),
  now: fc.constant(NOW),
});

function liquid(src: string, ctx: object, e: RenderEnv): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: renderParsed(parseTemplate(src), ctx, e) };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

describe('compiled templates', () => {
  it('answer only what Liquid answers, and often enough to matter', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(source, context, env, (src, ctx, e) => {
        runs++;
        const out = renderCompiled(src, ctx, e, formatDate);
        if (out === undefined) return;
        fast++;
        expect(liquid(src, ctx, e)).toEqual({ ok: true, text: out });
      }),
      { numRuns: 3000 },
    );
    // Random sources often have a tag or an unknown name; still a good share must take the fast path.
    expect(fast / runs).toBeGreaterThan(0.2);
  });

  it('renderField gives the same text or the same error as Liquid alone', () => {
    fc.assert(
      fc.property(source, context, env, (src, ctx, e) => {
        const expected = liquid(src, ctx, e);
        let got: { ok: true; text: string } | { ok: false; error: string };
        try {
          got = { ok: true, text: renderField(src, ctx, e, 'content.en.sms.body') };
        } catch {
          got = { ok: false, error: 'any' };
        }
        expect(got.ok).toBe(expected.ok);
        if (got.ok && expected.ok) expect(got.text).toBe(expected.text);
      }),
      { numRuns: 1500 },
    );
  });

  it('takes the fast path for a broadcast or reminder text and leaves tags to Liquid', () => {
    expect(compileSimple('Hi {{ patient.firstName }}, {{ clinic.name }} is closed on Friday. Reply STOP to opt out.')).not.toBeNull();
    expect(compileSimple('See you {{ appointment.start | date: "%a %b %-d, %-l:%M %p" }} with {{ appointment.clinician }}')).not.toBeNull();
    expect(compileSimple('{% if appointment %}Soon{% endif %}')).toBeNull();
    expect(compileSimple('Hi {{ patient.firstName | upcase }}')).toBeNull();
    expect(compileSimple('{{{ patient.firstName }}')).toBeNull();
    const e = { timeZone: 'America/New_York', language: 'en', now: NOW };
    const ctx = { patient: { firstName: 'Ana' }, appointment: { start: '2026-03-12T15:00:00.000Z' } };
    expect(renderCompiled('Hi {{ patient.firstName }}, {{ appointment.start | date: "%a %b %-d, %-l:%M %p" }}', ctx, e, formatDate)).toBe('Hi Ana, Thu Mar 12, 11:00 AM');
  });
});
