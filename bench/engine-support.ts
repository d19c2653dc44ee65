/**
 * Shared pieces of the engine benchmarks: the test peers in their own processes, an engine on the
 * real clock with quiet hours off, and patients in bulk. Not a benchmark itself (no .bench.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../electron/foundation/clock';
import { makeEngineFixture, type EngineFixture } from '../electron/engine/test-support';
import type { DispatcherOptions } from '../electron/engine/dispatcher';
import type { Provider, ProviderName } from '../electron/providers/provider-types';
import type { Channel } from '../shared/domain';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Peer {
  info: Record<string, unknown>;
  command(cmd: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts a test peer's run.ts in its own process and waits for its JSON "listening" line. */
export async function startPeer(script: string, args: string[]): Promise<Peer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const info = JSON.parse(await next()) as Record<string, unknown>;
  return {
    info,
    command: async (cmd) => {
      const answer = next();
      child.stdin!.write(`${JSON.stringify(cmd)}\n`);
      return JSON.parse(await answer) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function startFakeTwilio(options: { latencyMs?: number; logFile?: string } = {}): Promise<Peer> {
  const args = ['--exit-with-stdin', '--progression', 'manual'];
  if (options.latencyMs) args.push('--latency-ms', String(options.latencyMs));
  if (options.logFile) args.push('--log-file', options.logFile);
  return startPeer('test-peers/fake-twilio/run.ts', args);
}

export function benchDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `frontdesk-bench-${name}-`));
}

/** An engine on the real clock: quiet hours off, no daily cap in the way, no status polling. */
export function benchEngine(options: {
  dir: string;
  providers: Partial<Record<ProviderName, Provider>>;
  routes: Partial<Record<Channel, ProviderName>>;
  dispatcher?: Partial<DispatcherOptions>;
}): EngineFixture {
  return makeEngineFixture({
    clock: systemClock,
    dir: options.dir,
    clinic: { quietHours: { start: '00:00', end: '00:00' }, dailyCap: 100 },
    providers: options.providers,
    routes: options.routes,
    dispatcher: { pollIntervalMs: 24 * 3_600_000, ...(options.dispatcher ?? {}) },
    // Events go to a listener that keeps nothing, as in the app (they cross to the window and are
    // gone): the fixture's default keeps every event, and 20,000 sends' worth of them left the
    // engine half of a benchmark doing ever more garbage-collection work round after round.
    onEvent: () => undefined,
  });
}

/** N patients with one phone (or email) each, in one transaction; returns their ids. */
export function bulkPatients(fx: EngineFixture, n: number, kind: 'phone' | 'email' = 'phone', offset = 0): number[] {
  const c = fx.db.$client;
  const patient = c.prepare(`insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values (?, 'Bench', 'en', '[]', 0, 0, 0)`);
  const cp = c.prepare(`insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, ?, ?, 'mobile', 'ok', 1, 0, 0)`);
  const pref = c.prepare(`insert into preferences (patient_id, channel_order, updated_at) values (?, ?, 0)`);
  const ids: number[] = [];
  c.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = Number(patient.run(`P${offset + i}`).lastInsertRowid);
      const k = offset + i;
      cp.run(id, kind, kind === 'phone' ? `+1${String(2_000_000_000 + k)}` : `p${k}@bench.test`);
      pref.run(id, kind === 'phone' ? '["sms"]' : '["email"]');
      ids.push(id);
    }
  })();
  return ids;
}

/**
 * Resolves when no delivery is queued, held or sending. It asks whether one exists (one index
 * probe) rather than counting them: a count walked every open row each poll, in the measured
 * process, which cost the engine side ~4 % of its CPU that the bare loop never paid.
 */
export async function waitUntilAllAccepted(fx: EngineFixture, pollMs = 20): Promise<void> {
  const q = fx.db.$client.prepare(`select exists (select 1 from deliveries where state in ('queued','held','sending')) open`);
  for (;;) {
    if ((q.get() as { open: number }).open === 0) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Far enough ahead that the engine leaves a deferred row alone for the whole benchmark. */
const DEFERRED = 10 * 365 * 24 * 3_600_000;

/**
 * Makes every queued row due only in years, so a benchmark can queue everything before its clock
 * starts and then hand the engine one slice per round (`releaseSlice`), alternating with the bare
 * loop: on a machine shared with other work, a single bare-then-engine pair measures whichever
 * half happened to run while the machine was busier.
 */
export function deferQueued(fx: EngineFixture): void {
  fx.db.$client.prepare(`update deliveries set next_attempt_at = next_attempt_at + ? where state = 'queued'`).run(DEFERRED);
}

/**
 * Makes the next `count` deferred rows (oldest first) due now and wakes the engine (unless
 * `wake: false`: the caller wakes it once its clock started); returns how many.
 */
export function releaseSlice(fx: EngineFixture, count: number, options: { wake?: boolean } = {}): number {
  const now = Date.now();
  const changed = fx.db.$client
    .prepare(
      `update deliveries set next_attempt_at = ? where id in
         (select id from deliveries where state = 'queued' and next_attempt_at > ? order by next_attempt_at, id limit ?)`,
    )
    .run(now, now + DEFERRED / 2, count).changes;
  if (options.wake !== false) fx.engine.dispatcher.wake();
  return changed;
}

/** Resolves when no released row (due by now) is still queued, held or sending. */
export async function waitUntilReleasedAccepted(fx: EngineFixture, pollMs = 10): Promise<void> {
  const q = fx.db.$client.prepare(`select exists (select 1 from deliveries where state in ('queued','held','sending') and next_attempt_at <= ?) open`);
  for (;;) {
    if ((q.get(Date.now() + DEFERRED / 2) as { open: number }).open === 0) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Two measurements in turn, the first one first in even rounds: on a shared machine load drifts
 * over minutes, and alternating keeps the drift out of the ratio.
 */
export async function inAlternation(round: number, first: () => Promise<void>, second: () => Promise<void>): Promise<void> {
  if (round % 2 === 0) {
    await first();
    await second();
  } else {
    await second();
    await first();
  }
}

export function writeResult(name: string, result: unknown): void {
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench-results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
