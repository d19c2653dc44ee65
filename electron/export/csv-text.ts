/**
 * Writing CSV (RFC 4180: quotes doubled, cells with separators, quotes or line breaks quoted,
 * CRLF line ends, a UTF-8 byte-order mark so Excel reads accents). Cells that a spreadsheet would
 * run as a formula get a leading apostrophe; phone numbers such as +12025550143 are left alone.
 */
export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-]?[\d\s().-]+$/.test(s))) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(header: string[], rows: Iterable<Cell[]>): { csv: string; rows: number } {
  const lines = [header.map(csvCell).join(',')];
  let n = 0;
  for (const row of rows) {
    lines.push(row.map(csvCell).join(','));
    n++;
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: n };
}
