import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments, GSM7_BASIC_CHARACTERS, GSM7_EXTENSION_CHARACTERS } from './sms-segments';

// Basic-set characters that are single code points and not CR/LF (CRLF pairs form one grapheme).
const basicNoNewline = GSM7_BASIC_CHARACTERS.filter((c) => c !== '\r' && c !== '\n');
const gsmBasic = fc.constantFrom(...basicNoNewline);
const gsmExt = fc.constantFrom(...GSM7_EXTENSION_CHARACTERS.filter((c) => c !== '\f'));
const bmpNonGsm = fc.constantFrom('ç', 'á', 'í', 'ó', 'ú', 'ł', 'ş', '`', 'Ж', '中', '–', '’', '“');

const expectedGsm = (units: number): number => (units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153));
const expectedUcs2 = (units: number): number => (units === 0 ? 0 : units <= 70 ? 1 : Math.ceil(units / 67));

describe('countSmsSegments (providers.md section 4)', () => {
  it('the GSM-7 tables are the 03.38 ones: 127 basic characters (no backtick, ç, á), 10 extension characters', () => {
    expect(GSM7_BASIC_CHARACTERS).toHaveLength(127);
    expect(GSM7_BASIC_CHARACTERS).not.toContain('`');
    expect(GSM7_BASIC_CHARACTERS).not.toContain('ç');
    expect(GSM7_BASIC_CHARACTERS).toContain('Ç');
    expect([...GSM7_EXTENSION_CHARACTERS].sort()).toEqual(['\f', '[', '\\', ']', '^', '{', '|', '}', '~', '€'].sort());
  });

  it('boundaries: 160/161 and 306/307 GSM-7, 70/71 and 134/135 UCS-2', () => {
    expect(countSmsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, unitsPerSegment: 160, remainingInSegment: 0 });
    expect(countSmsSegments('a'.repeat(161))).toMatchObject({ segments: 2, unitsPerSegment: 153, remainingInSegment: 145 });
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSmsSegments('ç'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, unitsPerSegment: 70, remainingInSegment: 0 });
    expect(countSmsSegments('ç'.repeat(71))).toMatchObject({ segments: 2, unitsPerSegment: 67 });
    expect(countSmsSegments('ç'.repeat(134)).segments).toBe(2);
    expect(countSmsSegments('ç'.repeat(135)).segments).toBe(3);
    expect(countSmsSegments('')).toMatchObject({ segments: 0, remainingInSegment: 160 });
  });

  it('extension characters cost 2 septets and are never split across segments', () => {
    expect(countSmsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSmsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    // 152 basic + one € (2 septets) does not fit in 153: the € opens segment 2.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    expect(countSmsSegments(text)).toMatchObject({ units: 164, segments: 2, remainingInSegment: 153 - 12 });
  });

  it('emoji are surrogate pairs (2 units) and a grapheme like 👍🏽 (4 units) is never split', () => {
    expect(countSmsSegments('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSmsSegments('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
    expect(countSmsSegments('a'.repeat(65) + '👍🏽' + 'a'.repeat(10))).toMatchObject({ units: 79, segments: 2, remainingInSegment: 67 - 14 });
    expect(countSmsSegments('Hi 😀').nonGsmCharacters).toEqual(['😀']);
  });

  it('over 1,600 characters is flagged as too long (Twilio error 21617)', () => {
    expect(countSmsSegments('a'.repeat(1600)).tooLong).toBe(false);
    expect(countSmsSegments('a'.repeat(1601)).tooLong).toBe(true);
  });

  it('property: GSM-only basic text of length n gives 1 segment up to 160, then ceil(n / 153)', () => {
    fc.assert(
      fc.property(fc.array(gsmBasic, { maxLength: 1200 }), (chars) => {
        const info = countSmsSegments(chars.join(''));
        expect(info.encoding).toBe('GSM-7');
        expect(info.units).toBe(chars.length);
        expect(info.segments).toBe(expectedGsm(chars.length));
      }),
    );
  });

  it('property: any single non-GSM character switches the whole text to UCS-2 with 70/67 rules', () => {
    fc.assert(
      fc.property(fc.array(gsmBasic, { maxLength: 400 }), bmpNonGsm, fc.nat(), (chars, odd, pos) => {
        const at = chars.length === 0 ? 0 : pos % (chars.length + 1);
        const text = [...chars.slice(0, at), odd, ...chars.slice(at)].join('');
        const info = countSmsSegments(text);
        expect(info.encoding).toBe('UCS-2');
        expect(info.units).toBe(chars.length + 1);
        expect(info.segments).toBe(expectedUcs2(chars.length + 1));
        expect(info.nonGsmCharacters).toEqual([odd]);
      }),
    );
  });

  it('property: segments are at least the ceiling bound, never more than one extra per wide grapheme, and remaining is consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(gsmBasic, gsmExt), { maxLength: 800 }), (chars) => {
        const text = chars.join('');
        const info = countSmsSegments(text);
        const ext = chars.filter((c) => GSM7_EXTENSION_CHARACTERS.includes(c)).length;
        expect(info.units).toBe(chars.length + ext);
        const lower = expectedGsm(info.units);
        expect(info.segments).toBeGreaterThanOrEqual(lower);
        // Keeping an escape pair together can waste at most one septet per segment.
        expect(info.segments).toBeLessThanOrEqual(info.units <= 160 ? lower : Math.ceil(info.units / 152));
        expect(info.remainingInSegment).toBeGreaterThanOrEqual(0);
        expect(info.remainingInSegment).toBeLessThan(info.unitsPerSegment + 1);
      }),
    );
  });

  it('property: appending text never reduces the segment count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (a, b) => {
        expect(countSmsSegments(a + b).segments).toBeGreaterThanOrEqual(countSmsSegments(a).segments);
      }),
    );
  });
});
