/**
 * The main process's structured log: JSON lines appended to `<userData>/logs/main.log` and
 * mirrored to stderr. The log file is rotated once (main.log → main.log.1) when it grows past a
 * few megabytes at start-up, so it cannot fill the disk of a workstation left running for months.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type LogLevel, type Logger } from '../foundation/logger';

const MAX_LOG_BYTES = 5 * 1024 * 1024;

function rotateIfLarge(file: string): void {
  if (!fs.existsSync(file) || fs.statSync(file).size < MAX_LOG_BYTES) return;
  fs.renameSync(file, `${file}.1`);
}

export function createFileLogger(logsDir: string, level: LogLevel = 'info'): { logger: Logger; file: string; close(): void } {
  fs.mkdirSync(logsDir, { recursive: true });
  const file = path.join(logsDir, 'main.log');
  rotateIfLarge(file);
  const stream = fs.createWriteStream(file, { flags: 'a', mode: 0o600 });
  let streamFailed = false;
  stream.on('error', (error) => {
    // The file is unusable (disk full, permissions): keep logging to stderr and say so once.
    streamFailed = true;
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'log file write failed', file, error: error.message, at: new Date().toISOString() })}\n`);
  });
  const logger = createLogger(
    (record) => {
      const line = `${JSON.stringify(record)}\n`;
      process.stderr.write(line);
      if (!streamFailed) stream.write(line);
    },
    { level, base: { proc: 'main' } },
  );
  return { logger, file, close: () => stream.end() };
}
