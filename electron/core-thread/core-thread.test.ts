/**
 * The core on its own thread, as the app runs it: the real worker entry (compiled by tsx from
 * source), a real SQLite file, calls and events across the thread boundary, secrets answered by
 * the main thread, supervision after a crash, and a main thread that stays free while the core
 * works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName, EventName, InputOf, OutputOf } from '../../shared/contract';
import type { CallResult } from '../../shared/ipc/result';
import { FileSecretStore, JsonFileSettingsStore } from '../foundation/file-stores';
import { memoryLogger } from '../foundation/logger';
import { silentNotifier } from '../foundation/ports';
import { makeTempDir, MIGRATIONS_FOLDER } from '../db/test-db';
import { openDatabase } from '../db/open-database';
import { systemClock } from '../foundation/clock';
import { startCoreHost, type CoreHost } from './core-host';
import { coreWorkerFile } from './worker-file';

const ORIGIN = 'app://frontdesk';
const RECIPIENTS = 50_000;
const ADMIN = 'admin-session';
const hosts: CoreHost[] = [];
const dirs: string[] = [];

function start(dataDir = makeTempDir('frontdesk-thread-')): { host: CoreHost; dir: string; secrets: FileSecretStore; events: Array<{ name: EventName; payload: unknown }> } {
  dirs.push(dataDir);
  const worker = coreWorkerFile();
  const secrets = new FileSecretStore(path.join(dataDir, 'secrets.main.json'));
  const host = startCoreHost({
    workerFile: worker.file,
    execArgv: worker.execArgv,
    dataDir,
    migrationsFolder: MIGRATIONS_FOLDER,
    allowedOrigins: [ORIGIN],
    logger: memoryLogger('warn'),
    logLevel: 'warn',
    secrets,
    settings: new JsonFileSettingsStore(path.join(dataDir, 'settings.main.json')),
    notifier: silentNotifier,
    restartBaseMs: 50,
  });
  hosts.push(host);
  const events: Array<{ name: EventName; payload: unknown }> = [];
  host.subscribe((name, payload) => events.push({ name, payload }));
  return { host, dir: dataDir, secrets, events };
}

const fromApp = { transport: 'ipc' as const, url: `${ORIGIN}/index.html`, isMainFrame: true };
function call<N extends CallName>(host: CoreHost, name: N, input: InputOf<N>, sessionKey = ADMIN): Promise<CallResult<OutputOf<N>>> {
  return host.registry.invoke(name, input, { sessionKey, sender: fromApp }) as Promise<CallResult<OutputOf<N>>>;
}
async function must<N extends CallName>(host: CoreHost, name: N, input: InputOf<N>, sessionKey = ADMIN): Promise<OutputOf<N>> {
  const result = await call(host, name, input, sessionKey);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
const setUpAdmin = (host: CoreHost) => must(host, 'auth.setupAdmin', { username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' });

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the core on its worker thread', () => {
  it('answers contract calls and relays events from another thread, with validation and roles unchanged', async () => {
    const { host, dir, events } = start();
    await host.ready;
    expect(host.threadId()).not.toBeNull();
    expect(host.threadId()).not.toBe(mainThreadId);
    expect(fs.existsSync(path.join(dir, 'frontdesk.sqlite'))).toBe(true);

    await setUpAdmin(host);
    expect(events.map((e) => e.name)).toContain('auth.changed');
    const bad = await call(host, 'patients.create', { firstName: '', lastName: 'X', contactPoints: [] } as InputOf<'patients.create'>);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    const anonymous = await call(host, 'patients.search', { query: '' } as InputOf<'patients.search'>, 'nobody');
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('still refuses calls from any frame other than the app’s own main frame', async () => {
    const { host } = start();
    await host.ready;
    const subframe = await host.registry.invoke('auth.state', {}, { sessionKey: 'x', sender: { ...fromApp, isMainFrame: false } });
    expect(subframe).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const elsewhere = await host.registry.invoke('auth.state', {}, { sessionKey: 'x', sender: { transport: 'ipc', url: 'https://evil.example/', isMainFrame: true } });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('keeps secrets in the main thread’s store: the worker asks for them and never writes them elsewhere', async () => {
    const { host, dir, secrets } = start();
    await host.ready;
    await setUpAdmin(host);
    const view = await must(host, 'providers.update', { twilio: { accountSid: `AC${'0'.repeat(32)}`, authToken: 'tok-only-in-main' } });
    expect(JSON.stringify(view)).not.toContain('tok-only-in-main');
    expect(Object.values((secrets as unknown as { data: Record<string, string> }).data)).toContain('tok-only-in-main');
    expect(fs.readFileSync(path.join(dir, 'settings.main.json'), 'utf8')).not.toContain('tok-only-in-main');
    expect(fs.existsSync(path.join(dir, 'secrets.test.json'))).toBe(false);
  });

  it('keeps main’s event loop free while the core queues 50,000 recipients', async () => {
    // 50,000 patients written into the store before the worker opens it (an import's result).
    const dir = makeTempDir('frontdesk-thread-bulk-');
    const opened = openDatabase({ file: path.join(dir, 'frontdesk.sqlite'), migrationsFolder: MIGRATIONS_FOLDER, clock: systemClock, logger: memoryLogger('warn') });
    opened.sqlite.transaction(() => {
      const patient = opened.sqlite.prepare(`insert into patients (first_name, last_name, language, tags, created_at, updated_at) values (?, 'Bulk', 'en', '["all"]', 0, 0)`);
      const phone = opened.sqlite.prepare(`insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, 'phone', ?, 'mobile', 'ok', 1, 0, 0)`);
      for (let i = 0; i < RECIPIENTS; i++) phone.run(Number(patient.run(`P${i}`).lastInsertRowid), `+1${String(2_000_000_000 + i)}`);
    })();
    opened.sqlite.close();
    const { host, events } = start(dir);
    await host.ready;
    // Not started: approval runs the broadcast sender at once, and no dispatcher sends meanwhile.
    await setUpAdmin(host);
    const template = await must(host, 'templates.create', {
      name: 'Closed Friday',
      category: 'broadcast',
      purpose: 'transactional',
      fallbackLanguage: 'en',
      content: { en: { sms: { body: 'Hi {{ patient.firstName }}, the clinic is closed on Friday.' } } },
    });
    const draft = await must(host, 'broadcasts.createDraft', { name: 'Closure', templateId: template.id, audience: { tags: ['all'] }, purpose: 'transactional' });
    type Progress = { broadcastId: number; total: number; queued: number; pending: number };
    const allQueued = () =>
      events.some((e) => e.name === 'broadcast.progress' && (e.payload as Progress).broadcastId === draft.id && (e.payload as Progress).total === RECIPIENTS && (e.payload as Progress).pending === 0);

    let ticksWhileQueueing = 0;
    const timer = setInterval(() => {
      if (!allQueued()) ticksWhileQueueing += 1;
    }, 5);
    try {
      await must(host, 'broadcasts.approve', { id: draft.id });
      await vi.waitFor(() => expect(allQueued()).toBe(true), { timeout: 240_000, interval: 50 });
    } finally {
      clearInterval(timer);
    }
    const last = events.filter((e) => e.name === 'broadcast.progress' && (e.payload as Progress).broadcastId === draft.id).at(-1)?.payload as Progress;
    expect(last).toMatchObject({ total: RECIPIENTS, queued: RECIPIENTS, pending: 0 });
    // Queueing ran on the worker: on one thread, better-sqlite3 and the planner would have held
    // main's timers for whole slices; here they kept firing throughout.
    expect(ticksWhileQueueing).toBeGreaterThan(20);
  }, 300_000);

  it('restarts a killed core thread and still delivers the message queued before it died, once', async () => {
    const { host, events } = start();
    await host.ready;
    host.start();
    await setUpAdmin(host);
    const zone = daytimeZone();
    const patient = await must(host, 'patients.create', { firstName: 'Pat', lastName: 'Crash', timeZone: zone, contactPoints: [{ kind: 'phone', value: '(202) 555-0143' }] } as InputOf<'patients.create'>);
    await must(host, 'messages.send', { to: { patientId: patient.id }, body: 'Queued before the crash' });

    await host.kill();
    await vi.waitFor(() => expect(events.some((e) => e.name === 'core.status' && (e.payload as { state: string }).state === 'restarting')).toBe(true));
    expect(await call(host, 'auth.state', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.waitFor(() => expect(host.state()).toBe('ready'), { timeout: 60_000, interval: 100 });

    // Sessions live in the core, so staff sign in again after a restart; the outbox is on disk.
    await must(host, 'auth.signIn', { username: 'ada', password: 'correct horse battery' });
    const delivered = async () => (await must(host, 'sandbox.inbox', { address: '+12025550143' })).items.filter((i) => i.body.includes('Queued before the crash')).length;
    await vi.waitFor(async () => expect(await delivered()).toBe(1), { timeout: 30_000, interval: 200 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await delivered()).toBe(1);
  });

  it('reports a core that cannot open its database instead of restarting it in a loop', async () => {
    const dir = makeTempDir('frontdesk-thread-bad-');
    const notADir = path.join(dir, 'occupied');
    fs.writeFileSync(notADir, 'a file where the data folder should be');
    const { host, events } = start(notADir);
    dirs.push(dir);
    await expect(host.ready).rejects.toThrow();
    expect(host.state()).toBe('stopped');
    expect(events.filter((e) => e.name === 'core.status' && (e.payload as { state: string }).state === 'restarting')).toHaveLength(0);
  });
});

/** A fixed-offset zone where it is mid-afternoon now, so quiet hours never hold the test message. */
function daytimeZone(): string {
  const offset = (15 - new Date().getUTCHours() + 36) % 24 - 12;
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
