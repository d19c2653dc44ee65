/**
 * Structured logging for the main process: one JSON object per line, so logs can be grepped and
 * parsed. The sink is injected (a file plus stderr in the app, an array in tests).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  msg: string;
  at: string;
  [field: string]: unknown;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (record: LogRecord) => void;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialiseError(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(sink: LogSink, options: { level?: LogLevel; base?: Record<string, unknown> } = {}): Logger {
  const min = order[options.level ?? 'info'];
  const base = options.base ?? {};
  const emit = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < min) return;
    const record: LogRecord = { level, msg, at: new Date().toISOString(), ...base };
    for (const [k, v] of Object.entries(fields)) record[k] = serialiseError(v);
    sink(record);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(sink, { level: options.level ?? 'info', base: { ...base, ...fields } }),
  };
}

/** Writes JSON lines to a stream (stderr by default). */
export function streamSink(write: (line: string) => void): LogSink {
  return (record) => write(`${JSON.stringify(record)}\n`);
}

/** A logger that keeps records in memory, for tests. */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createLogger((r) => records.push(r), { level });
  return Object.assign(logger, { records });
}
