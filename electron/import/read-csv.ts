/**
 * Reading CSV text into rows with csv-parse, in slices with a pause between them so a large file
 * never freezes the main process. Separator detection: comma, semicolon or tab, whichever splits
 * the header line (outside quotes) most often.
 */
import { parse } from 'csv-parse';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { validationError } from '../foundation/errors';

export type Separator = ',' | ';' | '\t';

export interface CsvRow {
  /** 1-based line number where the row starts in the file (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ReadCsvOptions {
  separator?: Separator;
  /** Called after each slice with the characters read so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Stop after this many data rows (a preview). */
  maxRows?: number;
}

const SLICE = 256 * 1024;

export function detectSeparator(text: string): Separator {
  const firstLine = firstLineOf(text);
  const counts: Record<Separator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as Separator[]).sort((a, b) => counts[b] - counts[a])[0];
  return best && counts[best] > 0 ? best : ',';
}

function firstLineOf(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled');
    this.name = 'ImportCancelled';
  }
}

export async function readCsv(text: string, options: ReadCsvOptions = {}): Promise<{ separator: Separator; headers: string[]; rows: CsvRow[] }> {
  const separator = options.separator ?? detectSeparator(text);
  const records: CsvRow[] = [];
  let headers: string[] | null = null;
  let failure: Error | null = null;
  let stopped = false;
  const lineState = { overcount: 0 };
  const parser = parse({
    delimiter: separator,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Spreadsheet exports often end with rows of bare separators (,,,,): not rows at all.
    skip_records_with_empty_values: true,
    trim: false,
    info: true,
  });
  parser.on('readable', () => {
    let record: { record: string[]; info: { lines: number } } | null;
    while ((record = parser.read() as { record: string[]; info: { lines: number } } | null) !== null) {
      if (stopped) continue;
      if (!headers) headers = record.record.map((h) => h.trim());
      else records.push({ line: lineOfRecordStart(record, lineState), cells: record.record });
      if (options.maxRows !== undefined && records.length >= options.maxRows) stopped = true;
    }
  });
  parser.on('error', (error: Error) => {
    failure = error;
  });
  const done = new Promise<void>((resolve) => parser.on('end', () => resolve()));

  for (let offset = 0; offset < text.length && !stopped; offset += SLICE) {
    if (options.signal?.aborted) {
      parser.destroy();
      throw new ImportCancelled();
    }
    parser.write(text.slice(offset, offset + SLICE));
    options.onProgress?.(Math.min(offset + SLICE, text.length), text.length);
    await yieldToEventLoop();
    if (failure) break;
  }
  if (failure) {
    parser.destroy();
    throw validationError(`The file could not be read as CSV: ${(failure as Error).message}`);
  }
  parser.end();
  if (!stopped) await done;
  if (!headers) throw validationError('The file is empty');
  return { separator, headers, rows: records };
}

/**
 * csv-parse reports the line where a record ends, and counts a CRLF inside a quoted cell as two
 * lines; `state.overcount` carries that correction from record to record.
 */
function lineOfRecordStart(record: { record: string[]; info: { lines: number } }, state: { overcount: number }): number {
  let newlines = 0;
  for (const cell of record.record) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    const breaks = cell.match(/\r\n|\n|\r/g) ?? [];
    newlines += breaks.length;
    state.overcount += breaks.filter((b) => b === '\r\n').length;
  }
  return record.info.lines - state.overcount - newlines;
}
