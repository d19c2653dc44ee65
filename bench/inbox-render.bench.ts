/**
 * Inbox rendering benchmark: 10,000 conversations and one thread of 5,000 messages, served by the
 * dev transport with a production build of the renderer, opened in Debian's Chromium. Prints the
 * time to first render of the conversation list and of the thread, and the 95th-percentile frame
 * time (requestAnimationFrame deltas collected in the page) while scrolling each.
 *
 *   npx tsx bench/inbox-render.bench.ts      (or through `npm run bench`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { openTempDatabase, makeTempDir, MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { startDevServer } from '../electron/dev/dev-server';
import { memoryLogger } from '../electron/foundation/logger';
import { buildRenderer } from '../e2e/build-renderer';
import { launchChromium } from '../e2e/browser';
import { pinSession, setUpAccounts } from '../e2e/harness';

export const CONVERSATIONS = 10_000;
export const THREAD_MESSAGES = 5_000;
const SCROLL_FRAMES = 240;
/** Pixels per frame: 120 px at 60 fps is a brisk fling (about two rows a frame). */
const SCROLL_STEP_PX = 120;

const WORDS = 'appointment tomorrow confirm reschedule thanks please call back running late parking invoice insurance results dentist cleaning'.split(' ');

function sentence(i: number, n = 8): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'hello');
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** Writes the data set straight into a fresh database in `dataDir` (production migrations). */
export function seedInbox(dataDir: string, now: number): { threadConversationId: number } {
  const temp = openTempDatabase({ dir: dataDir });
  const db = temp.sqlite;
  const insertPatient = db.prepare(
    'insert into patients (first_name, last_name, language, tags, archived, created_at, updated_at) values (?, ?, ?, ?, 0, ?, ?)',
  );
  const insertContact = db.prepare(
    "insert into contact_points (patient_id, kind, value, label, status, is_primary, created_at, updated_at) values (?, 'phone', ?, 'mobile', 'ok', 1, ?, ?)",
  );
  const insertConversation = db.prepare(
    'insert into conversations (patient_id, status, unread_count, last_message_at, last_message_preview, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMessage = db.prepare(
    "insert into messages (conversation_id, patient_id, direction, channel, address, body, origin, purpose, emergency, created_at) values (?, ?, ?, ?, ?, ?, ?, 'transactional', 0, ?)",
  );
  const insertDelivery = db.prepare(
    "insert into deliveries (message_id, channel, address, provider, state, reason_code, attempt_count, created_at, updated_at) values (?, ?, ?, 'sandbox', ?, ?, 1, ?, ?)",
  );
  const channels = ['sms', 'sms', 'sms', 'email', 'whatsapp'] as const;
  const states = ['delivered', 'delivered', 'sent', 'held', 'failed'] as const;
  let threadConversationId = 0;
  db.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const at = now - i * 60_000;
      const phone = `+1212555${String(i).padStart(4, '0')}`;
      const patientId = Number(insertPatient.run(`Pat${i}`, `Tester${i}`, 'en', '[]', at, at).lastInsertRowid);
      insertContact.run(patientId, phone, at, at);
      const body = sentence(i);
      const conversationId = Number(insertConversation.run(patientId, 'open', i % 4 === 0 ? 1 : 0, at, body, at, at).lastInsertRowid);
      if (i === 0) threadConversationId = conversationId;
      if (i === 0) {
        for (let m = 0; m < THREAD_MESSAGES; m++) {
          const mAt = at - (THREAD_MESSAGES - m) * 30_000;
          const inbound = m % 3 === 0;
          const channel = channels[m % channels.length] ?? 'sms';
          const text = m % 10 === 0 ? `${sentence(m, 40)} ${sentence(m + 1, 30)}` : sentence(m, 6 + (m % 12));
          const messageId = Number(insertMessage.run(conversationId, patientId, inbound ? 'inbound' : 'outbound', channel, phone, text, inbound ? 'patient' : 'staff', mAt).lastInsertRowid);
          if (!inbound) {
            const state = states[m % states.length] ?? 'sent';
            insertDelivery.run(messageId, channel, phone, state, state === 'held' ? 'quiet_hours' : state === 'failed' ? 'invalid_number' : null, mAt, mAt);
          }
        }
      } else {
        insertMessage.run(conversationId, patientId, 'inbound', channels[i % channels.length] ?? 'sms', phone, body, 'patient', at);
      }
    }
  })();
  db.close();
  return { threadConversationId };
}

function p95(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

/**
 * Scrolls `selector` by `step` pixels a frame for `frames` frames; returns the rAF deltas. The
 * page code is a string: this file is type-checked without the DOM library.
 */
async function scrollFrames(page: Page, selector: string, step: number, frames: number): Promise<number[]> {
  const script = `new Promise((resolve, reject) => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) { reject(new Error('nothing matches ${selector}')); return; }
    const deltas = [];
    let last = 0;
    let n = 0;
    const tick = (t) => {
      deltas.push(t - last);
      last = t;
      el.scrollTop += ${step};
      n += 1;
      if (n < ${frames}) requestAnimationFrame(tick); else resolve(deltas.slice(1));
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })`;
  return (await page.evaluate(script)) as number[];
}

async function firstRenderMs(page: Page, selector: string, start: () => Promise<unknown>): Promise<number> {
  const t0 = Date.now();
  await start();
  await page.waitForSelector(selector, { timeout: 60_000 });
  return Date.now() - t0;
}

export default async function inboxRenderBench(): Promise<Record<string, number>> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const work = makeTempDir('frontdesk-bench-inbox-');
  const rendererDir = path.join(work, 'renderer');
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(dataDir);
  const seedStart = Date.now();
  const now = Date.now();
  seedInbox(dataDir, now);
  const seedMs = Date.now() - seedStart;
  const [browser] = await Promise.all([launchChromium(), buildRenderer(rendererDir)]);
  const server = await startDevServer({ dataDir, migrationsFolder: MIGRATIONS_FOLDER, rendererDir, logger: memoryLogger() });
  try {
    const { sessionId } = await setUpAccounts(server);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await pinSession(page, sessionId);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    try {
      return { seedMs, ...(await measure(page, `${server.url}#/inbox`, root)) };
    } catch (error) {
      const shot = path.join(root, 'bench-results/inbox-render-failure.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`inbox bench failed (screenshot: ${shot}; page errors: ${pageErrors.join(' | ') || 'none'}): ${String(error)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function measure(page: Page, inboxUrl: string, root: string): Promise<Record<string, number>> {
  {

    const listMs = await firstRenderMs(page, '[data-testid="conversation-row"]', () => page.goto(inboxUrl));
    await page.locator('[data-testid="conversation-total"]', { hasText: '10,000' }).waitFor({ timeout: 30_000 });
    // The floor on this machine: frames with nothing to do.
    const idleFrames = await scrollFrames(page, 'body', 0, 120);
    const listFrames = await scrollFrames(page, '[data-testid="conversation-list"]', SCROLL_STEP_PX, SCROLL_FRAMES);
    const listRows = await page.locator('[data-testid="conversation-row"]').count();

    // The thread of 5,000 messages is the newest conversation: back to the top, open it.
    await page.evaluate(`document.querySelector('[data-testid="conversation-list"]').scrollTop = 0`);
    const threadMs = await firstRenderMs(page, '[data-testid="thread-message"]', () => page.locator('[data-testid="conversation-row"]').first().click());
    // The inbox with a full list and a long thread, for the README and reviewers.
    const shots = path.join(root, 'test-artifacts/screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'inbox-10k-conversations.png') });
    const threadStart = Date.now();
    const threadFrames = await scrollFrames(page, '[data-testid="thread"]', -SCROLL_STEP_PX, SCROLL_FRAMES);
    const threadScrollWallMs = Date.now() - threadStart;
    const threadMessagesLoaded = await page.locator('[data-testid="thread"]').evaluate((el) => el.getAttribute('data-loaded'));

    const result = {
      idleP95FrameMs: Math.round(p95(idleFrames) * 10) / 10,
      listFirstRenderMs: listMs,
      listScrollP95FrameMs: Math.round(p95(listFrames) * 10) / 10,
      listScrollFrames: listFrames.length,
      listRowsInDom: listRows,
      threadFirstRenderMs: threadMs,
      threadScrollP95FrameMs: Math.round(p95(threadFrames) * 10) / 10,
      threadScrollFrames: threadFrames.length,
      threadScrollWallMs,
      threadMessagesLoaded: Number(threadMessagesLoaded ?? 0),
    };
    console.log(`inbox render (${CONVERSATIONS.toLocaleString()} conversations, thread of ${THREAD_MESSAGES.toLocaleString()} messages, Chromium headless)`);
    console.log(`  idle page: p95 frame ${result.idleP95FrameMs} ms (the floor on this machine)`);
    console.log(`  conversation list: first render ${result.listFirstRenderMs} ms after navigation; p95 frame while scrolling ${result.listScrollP95FrameMs} ms over ${result.listScrollFrames} frames (${listRows} rows in the DOM)`);
    console.log(`  thread: first render ${result.threadFirstRenderMs} ms after opening; p95 frame while scrolling up ${result.threadScrollP95FrameMs} ms over ${result.threadScrollFrames} frames (${result.threadMessagesLoaded} messages loaded by then)`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results/inbox-render.json'), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await inboxRenderBench();
}
