/**
 * Writing CSV with csv-stringify (the sibling of the csv-parse the import reads with): RFC 4180
 * quoting, CRLF line ends, and a UTF-8 byte-order mark so Excel reads accents. Cells with a
 * semicolon are quoted too, for spreadsheets set to a semicolon separator. Before that, cells a
 * spreadsheet would run as a formula get a leading apostrophe; phone numbers such as
 * +12025550143 and plain negative numbers are left alone.
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const OPTIONS = { record_delimiter: 'windows', quoted_match: /[;\r\n]/ } as const;

/** The cell as text, defused if a spreadsheet would read it as a formula (formula injection). */
export function defuse(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-]?[\d\s().-]+$/.test(s)) ? `'${s}` : s;
}

/** One cell as it appears in the file. */
export function csvCell(value: Cell): string {
  return stringify([[defuse(value)]], OPTIONS).replace(/\r\n$/, '');
}

export function csvText(header: string[], rows: Iterable<Cell[]>): { csv: string; rows: number } {
  const records: string[][] = [header.map(defuse)];
  for (const row of rows) records.push(row.map(defuse));
  return { csv: `\uFEFF${stringify(records, OPTIONS)}`, rows: records.length - 1 };
}
