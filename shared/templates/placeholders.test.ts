import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describePlaceholder, fillPlaceholders, findPlaceholders } from './placeholders';

describe('quick-reply placeholders', () => {
  it('finds each placeholder once, in order, and fills every occurrence', () => {
    const text = 'Can you come on [[date]] at [[time, e.g. 10:30 AM]]? If [[date]] is bad, call us.';
    expect(findPlaceholders(text)).toEqual(['date', 'time, e.g. 10:30 AM']);
    expect(fillPlaceholders(text, { date: 'Tue 3 March', 'time, e.g. 10:30 AM': '9:15 AM' })).toBe('Can you come on Tue 3 March at 9:15 AM? If Tue 3 March is bad, call us.');
    expect(describePlaceholder('time, e.g. 10:30 AM')).toEqual({ name: 'time', example: '10:30 AM' });
    expect(describePlaceholder('date')).toEqual({ name: 'date', example: null });
  });

  it('leaves text without placeholders, and unfilled ones, as they were', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const clean = text.replace(/\[\[|\]\]/g, '');
        expect(fillPlaceholders(clean, { a: 'b' })).toBe(clean);
      }),
    );
    expect(fillPlaceholders('At [[time]]', {})).toBe('At [[time]]');
  });
});
