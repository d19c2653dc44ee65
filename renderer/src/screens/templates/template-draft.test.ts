import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateTemplateContent } from '../../../../shared/templates/validate';
import { cleanContent, contentAsText, insertAt, readField, writeField, writeWhatsappVariables, whatsappVariablesText } from './template-draft';

describe('template draft helpers', () => {
  it('drops empty channels and languages so a half-filled editor saves only what was written', () => {
    let content = writeField({}, 'en', 'sms', 'body', 'Hi {{ patient.firstName }}');
    content = writeField(content, 'en', 'email', 'subject', '');
    content = writeField(content, 'es', 'voice', 'script', '   ');
    expect(cleanContent(content)).toEqual({ en: { sms: { body: 'Hi {{ patient.firstName }}' } } });
  });

  it('keeps a WhatsApp content id with its variables and drops an empty text', () => {
    let content = writeField({}, 'en', 'whatsapp', 'contentSid', 'HX0123456789abcdef0123456789abcdef');
    content = writeField(content, 'en', 'whatsapp', 'body', '');
    content = writeWhatsappVariables(content, 'en', '1={{ patient.firstName }}\nhalf-typed\n2 = {{ clinic.name }}');
    const cleaned = cleanContent(content);
    expect(cleaned).toEqual({ en: { whatsapp: { contentSid: 'HX0123456789abcdef0123456789abcdef', variables: { '1': '{{ patient.firstName }}', '2': '{{ clinic.name }}' } } } });
    expect(whatsappVariablesText(content, 'en')).toBe('1={{ patient.firstName }}\n2={{ clinic.name }}');
  });

  it('what the editor saves is what the shared validator accepts (an unknown variable is the only issue)', () => {
    const ok = cleanContent(writeField({}, 'en', 'sms', 'body', 'Hi {{ patient.firstName }}'));
    expect(validateTemplateContent(ok, { category: 'broadcast', fallbackLanguage: 'en', timeZone: 'America/New_York' }).ok).toBe(true);
    const typo = cleanContent(writeField({}, 'en', 'sms', 'body', 'Hi {{ patient.firstNme }}'));
    const result = validateTemplateContent(typo, { category: 'broadcast', fallbackLanguage: 'en', timeZone: 'America/New_York' });
    expect(result.issues.map((i) => i.path)).toEqual(['content.en.sms.body']);
  });

  it('inserts a variable at the caret or over the selection, clamped to the text', () => {
    expect(insertAt('Hi , bye', 3, 3, '{{ x }}')).toEqual({ value: 'Hi {{ x }}, bye', caret: 10 });
    expect(insertAt('Hi NAME', 3, 7, '{{ x }}')).toEqual({ value: 'Hi {{ x }}', caret: 10 });
    fc.assert(
      fc.property(fc.string(), fc.integer(), fc.integer(), fc.string(), (value, a, b, text) => {
        const out = insertAt(value, a, b, text);
        expect(out.value.includes(text)).toBe(true);
        expect(out.value.length).toBeLessThanOrEqual(value.length + text.length);
        expect(out.value.slice(out.caret - text.length, out.caret)).toBe(text);
      }),
    );
  });

  it('flattens every field of a version into labelled lines for the diff', () => {
    let content = writeField({}, 'en', 'email', 'subject', 'Your visit');
    content = writeField(content, 'en', 'email', 'body', 'Line 1\nLine 2');
    content = writeField(content, 'en', 'sms', 'body', 'Hi');
    expect(contentAsText(content).split('\n')).toEqual(['── en · SMS · body', 'Hi', '── en · Email · subject', 'Your visit', '── en · Email · body', 'Line 1', 'Line 2']);
    expect(readField(content, 'en', 'email', 'body')).toBe('Line 1\nLine 2');
    expect(readField(content, 'es', 'email', 'body')).toBe('');
  });
});
