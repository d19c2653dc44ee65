/**
 * What the fake accepted: every message and call in order, optionally appended as a JSON line to
 * a file before the 201 is written (so another process, a crash test, reads exactly that), with
 * a marker the test chose to find its own sends by.
 */
import { appendFileSync } from 'node:fs';

export interface AcceptedRecord {
  kind: 'message' | 'call';
  sid: string;
  to: string;
  from: string | null;
  body: string | null;
  contentSid: string | null;
  contentVariables: string | null;
  mediaUrl: string[];
  twiml: string | null;
  url: string | null;
  statusCallback: string | null;
  segments: number;
  /** First capture group of `markerPattern` in Body, ContentVariables, Twiml or StatusCallback. */
  marker: string | null;
  /** ISO time of acceptance by the fake's clock. */
  time: string;
}

export interface AcceptedLogOptions {
  logFile?: string;
  markerPattern?: RegExp;
  onAccepted?: (record: AcceptedRecord) => void;
}

export class AcceptedLog {
  readonly records: AcceptedRecord[] = [];

  constructor(private readonly options: AcceptedLogOptions) {}

  markerOf(values: Array<string | null>): string | null {
    const pattern = this.options.markerPattern;
    if (!pattern) return null;
    for (const v of values) {
      if (!v) continue;
      const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(v);
      if (m) return m[1] ?? m[0];
    }
    return null;
  }

  add(record: AcceptedRecord): void {
    this.records.push(record);
    if (this.options.logFile) appendFileSync(this.options.logFile, JSON.stringify(record) + '\n');
    this.options.onAccepted?.(record);
  }
}

/** Read a JSON-lines accepted log written by a fake in another process. */
export function parseAcceptedLog(text: string): AcceptedRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AcceptedRecord);
}
