/** Encodings (UTF-8 with and without BOM, Windows-1252), separators, quoted line breaks. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode';
import { detectSeparator, readCsv } from './read-csv';

describe('decoding', () => {
  it('UTF-8 with and without a byte-order mark', () => {
    expect(decodeBytes(Buffer.from('name\nZoë Ångström\n'))).toEqual({ text: 'name\nZoë Ångström\n', encoding: 'utf-8', invalidCharacters: 0 });
    const bom = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nZoë\n')]));
    expect(bom).toEqual({ text: 'name\nZoë\n', encoding: 'utf-8-bom', invalidCharacters: 0 });
  });

  it('Windows-1252 when the bytes are not UTF-8 (curly quotes, accents, the euro sign)', () => {
    const text = 'name;note\nMüller;“déjà vu” €5\n';
    expect(decodeBytes(iconv.encode(text, 'win1252'))).toEqual({ text, encoding: 'windows-1252', invalidCharacters: 0 });
  });

  it('a UTF-8 file with one row in another encoding stays UTF-8 and marks that row', () => {
    const bytes = Buffer.concat([Buffer.from('name\nZoë\nRenée\nJosé\n'), iconv.encode('Müller\n', 'win1252')]);
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.invalidCharacters).toBe(1);
    expect(decoded.text).toContain('M\uFFFDller');
  });
});

describe('separators and rows', () => {
  it('detects comma, semicolon and tab from the header, ignoring quoted separators', () => {
    expect(detectSeparator('a,b,c\n1;2;3')).toBe(',');
    expect(detectSeparator('"Name, full";DOB;Phone\n')).toBe(';');
    expect(detectSeparator('a\tb\tc\r\n')).toBe('\t');
  });

  it('reads quoted cells with line breaks, skips blank rows and reports the line each row starts on', async () => {
    const { headers, rows, separator } = await readCsv('id\tnote\r\n1\t"two\r\nlines"\r\n\r\n2\tplain\r\n\t\r\n \t\r\n');
    expect(separator).toBe('\t');
    expect(headers).toEqual(['id', 'note']);
    expect(rows).toEqual([
      { line: 2, cells: ['1', 'two\r\nlines'] },
      { line: 5, cells: ['2', 'plain'] },
    ]);
  });
});
