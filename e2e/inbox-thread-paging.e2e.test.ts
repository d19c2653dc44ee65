/**
 * A long thread opens on its newest screen and pages back as the reader scrolls up: a patient
 * with 300 messages of uneven length; the first screen holds only the newest page and shows the
 * newest message at the bottom; scrolling to the top loads the page before it, and the message
 * the reader was looking at stays where it was (no jump), down to the first message. The newest
 * message stays in view when the thread's box or its rows change size after opening (the
 * composer's code arriving late, a font or image re-measuring rows), and a reader who scrolled up
 * is not pulled back down by either, even when her scroll and the change fall in the same frame
 * (so the change's writes come before her scroll's event). A first open paints the messages
 * before the composer and the details panel mount (they come a frame later), and a keyboard open
 * still lands in the composer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDevServer, type DevServer } from '../electron/dev/dev-server';
import { MIGRATIONS_FOLDER } from '../electron/db/test-db';
import { memoryLogger } from '../electron/foundation/logger';
import { messages } from '../electron/db/schema';
import { ensurePatientConversation, recordConversationMessage } from '../electron/repos/conversations-repo';
import { isFocused, launchWithRenderer, screenshot, visible } from './browser';
import { invoke, pinSession, setUpAccounts } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONE = '+12125550142';
const COUNT = 300;
/** The thread's first page (renderer/src/screens/inbox/useThread.ts THREAD_PAGE) and each older one. */
const FIRST_PAGE = 50;
const OLDER_PAGE = 100;

let workDir: string;
let server: DevServer;
let browser: Browser | undefined;
let page: Page;
let addMessage: (n: number) => void;
const pageErrors: string[] = [];

const body = (n: number) => `Message ${n} of ${COUNT}.${n % 7 === 0 ? ' A longer one that wraps over a few lines of the bubble, about parking, the invoice and whether Thursday still works for the cleaning.'.repeat(2) : ''}`;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-thread-paging-'));
  const launched = await launchWithRenderer(workDir);
  browser = launched.browser;
  server = await startDevServer({ dataDir: path.join(workDir, 'data'), migrationsFolder: MIGRATIONS_FOLDER, rendererDir: launched.rendererDir, logger: memoryLogger() });
  const { sessionId } = await setUpAccounts(server, { as: RECEPTIONIST });
  const patient = await invoke(server, sessionId, 'patients.create', { firstName: 'Lena', lastName: 'Park', contactPoints: [{ kind: 'phone', value: PHONE, isPrimary: true }] });
  const db = server.core.db;
  const start = Date.now() - COUNT * 60_000;
  const conversation = ensurePatientConversation(db, patient.id, start);
  // A patient's reply arriving while the thread is open, as the engine records and announces it.
  addMessage = (n: number) => {
    const at = Date.now();
    const row = db.insert(messages).values({ conversationId: conversation.id, patientId: patient.id, direction: 'inbound', channel: 'sms', address: PHONE, body: body(n), origin: 'patient', createdAt: at }).returning({ id: messages.id }).get();
    recordConversationMessage(db, conversation.id, { direction: 'inbound', body: body(n), at });
    server.core.events.emit('message.created', { messageId: row.id, conversationId: conversation.id, direction: 'inbound' });
  };
  for (let n = 1; n <= COUNT; n++) {
    const inbound = n % 2 === 1;
    const at = start + n * 60_000;
    db.insert(messages)
      .values({ conversationId: conversation.id, patientId: patient.id, direction: inbound ? 'inbound' : 'outbound', channel: 'sms', address: PHONE, body: body(n), origin: inbound ? 'patient' : 'staff', createdAt: at })
      .run();
    recordConversationMessage(db, conversation.id, { direction: inbound ? 'inbound' : 'outbound', body: body(n), at });
  }
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await pinSession(page, sessionId);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const thread = () => page.getByTestId('thread');
const loaded = async () => Number(await thread().getAttribute('data-loaded'));
const message = (n: number) => page.getByTestId('thread-message').filter({ hasText: new RegExp(`^Message ${n} of ${COUNT}\\.`) });

/** Where the message's top is inside the thread's scroll box (px from the box's top edge). */
async function topInThread(n: number): Promise<number> {
  const box = await thread().boundingBox();
  const own = await message(n).boundingBox();
  if (!box || !own) throw new Error(`message ${n} is not on screen`);
  return own.y - box.y;
}

/** Whether the whole message is inside the thread's scroll box. */
async function inView(n: number): Promise<boolean> {
  if ((await message(n).count()) === 0) return false;
  const box = await thread().boundingBox();
  // The row may leave the document between the two reads (the virtualiser drops rows scrolled
  // away): then it is not in view, rather than a wait for it to come back.
  const own = await message(n)
    .boundingBox({ timeout: 1_000 })
    .catch(() => null);
  return !!box && !!own && own.y >= box.y - 1 && own.y + own.height <= box.y + box.height + 1;
}

/**
 * Restyles the page as a late layout change would (a chunk, a font, an image). A constructed
 * sheet, because the app's content security policy refuses inline style elements.
 */
const addStyle = (css: string) =>
  page.evaluate(`(() => { const sheet = new CSSStyleSheet(); sheet.replaceSync(${JSON.stringify(css)}); document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; })()`);
const boxHeight = () => thread().evaluate((el) => el.clientHeight);

/** Two animation frames: measurements made after a layout change have been applied. */
const settled = () => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

/** A fresh load of the inbox (a new document, so earlier restyling is gone), then the thread and its composer. */
async function openThread(): Promise<void> {
  await page.goto(`${server.url}#/inbox`);
  await page.reload();
  await page.getByTestId('conversation-row').filter({ hasText: 'Lena Park' }).click();
  await visible(message(COUNT));
  // The composer mounts a frame after the thread painted: the tests below start from the settled screen.
  await visible(page.getByTestId('composer-body'));
  await settled();
  await expect.poll(() => inView(COUNT)).toBe(true);
}

const scrollThreadTo = (top: number) => page.evaluate(`document.querySelector('[data-testid="thread"]').scrollTo({ top: ${top} })`);

/** Holds each older-page read until `release` is called, so the test can see the view before it lands. */
function holdOlderPages(): { release(): void; done(): Promise<void> } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const handler = async (route: import('playwright-core').Route) => {
    if ((route.request().postData() ?? '').includes('beforeMessageId')) await gate;
    await route.continue();
  };
  const installed = page.route('**/api/call/inbox.thread', handler);
  return { release: () => open(), done: async () => { await installed; await page.unroute('**/api/call/inbox.thread', handler); } };
}

describe('a long thread', () => {
  it('opens on the newest page with the newest message in view', async () => {
    await page.goto(`${server.url}#/inbox`);
    await page.getByTestId('conversation-row').filter({ hasText: 'Lena Park' }).click();
    await visible(message(COUNT));
    expect(await loaded()).toBe(FIRST_PAGE);
    // Newest at the bottom of the view, nothing older than the page in the DOM.
    const box = await thread().boundingBox();
    const newest = await message(COUNT).boundingBox();
    expect(box && newest && newest.y + newest.height <= box.y + box.height + 1 && newest.y >= box.y).toBe(true);
    expect(await message(COUNT - FIRST_PAGE).count()).toBe(0);
    await expect.poll(() => page.getByTestId('thread-older').textContent()).toContain('Load older messages');
  });

  it('scrolling up loads the page before, keeping the message in view where it was', async () => {
    let oldest = COUNT - FIRST_PAGE + 1;
    for (const expected of [FIRST_PAGE + OLDER_PAGE, FIRST_PAGE + 2 * OLDER_PAGE, COUNT]) {
      // Near the top the thread asks for older messages (held back here while the view is
      // measured); the oldest loaded one is in view.
      const hold = holdOlderPages();
      await scrollThreadTo(0);
      await visible(message(oldest));
      const before = await topInThread(oldest);
      hold.release();
      await expect.poll(loaded).toBe(expected);
      await hold.done();
      // The reader's message has not moved: older ones went in above it, out of view.
      await expect.poll(() => topInThread(oldest).then((y) => Math.round(y - before)), { timeout: 5_000 }).toBe(0);
      await visible(message(oldest - 1));
      oldest = COUNT - expected + 1;
    }
    expect(oldest).toBe(1);
    await scrollThreadTo(0);
    await visible(message(1));
    await expect.poll(() => page.getByTestId('thread-older').textContent()).toBe('Start of the conversation');
    await screenshot(page, 'inbox-thread-start-of-conversation');
    // Still the newest at the end: nothing was lost or repeated on the way up.
    await scrollThreadTo(1e7);
    await visible(message(COUNT));
    expect(await page.getByTestId('thread-message').filter({ hasText: `Message ${COUNT} of` }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the message in view where it was when the older page lands while the reader is scrolling', async () => {
    await openThread();
    const oldest = COUNT - FIRST_PAGE + 1;
    const hold = holdOlderPages();
    // Near the top (it asks for the page before there), and then scrolling down, a pixel at a
    // time, between frames as well as in them: whenever the older page lands, the box has most
    // likely moved since its last scroll event, so the shift that keeps her message in place is
    // written from a position the virtualiser has not seen.
    await scrollThreadTo(60);
    await visible(message(oldest));
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="thread"]');
      window.__reader = { moved: 0, stop: false };
      const tick = () => {
        if (window.__reader.stop) return;
        const top = el.scrollTop;
        el.scrollTop = top + 1;
        window.__reader.moved += el.scrollTop - top;
        setTimeout(tick, 0);
      };
      tick();
    })()`);
    const before = await topInThread(oldest);
    const movedBefore = (await page.evaluate('window.__reader.moved')) as number;
    hold.release();
    await expect.poll(loaded).toBe(FIRST_PAGE + OLDER_PAGE);
    await hold.done();
    await settled();
    const moved = ((await page.evaluate('(window.__reader.stop = true, window.__reader.moved)')) as number) - movedBefore;
    await settled();
    // Her message moved up by what she scrolled, and by nothing else: the older page went in
    // above it without pushing it down (a lost shift is the page's whole height, thousands of px,
    // and takes her message off the screen).
    expect(await message(oldest).count()).toBe(1);
    expect(Math.abs((await topInThread(oldest)) - (before - moved))).toBeLessThan(40);
    expect(pageErrors).toEqual([]);
  });
});

describe('a thread whose layout changes after it opened', () => {
  it('keeps the newest message in view when the box shrinks (the composer arriving after the thread)', async () => {
    await openThread();
    const before = await boxHeight();
    await addStyle('.fd-thread-scroll { margin-bottom: 160px; }');
    await expect.poll(boxHeight).toBeLessThan(before - 100);
    await expect.poll(() => inView(COUNT), { timeout: 5_000 }).toBe(true);
  });

  it('keeps the newest message in view when rows grow after they were measured (a font or image arriving)', async () => {
    await openThread();
    const height = () => message(COUNT).evaluate((el) => el.getBoundingClientRect().height);
    const before = await height();
    await addStyle('.fd-msg-bubble { padding-bottom: 48px; }');
    await expect.poll(height).toBeGreaterThan(before + 30);
    await expect.poll(() => inView(COUNT), { timeout: 5_000 }).toBe(true);
  });

  it('leaves a reader who scrolled up where she is when rows and the box change size', async () => {
    await openThread();
    // Up into the middle of the page, short of the top (where the older page would be asked for).
    const top = await thread().evaluate((el) => el.scrollTop);
    await scrollThreadTo(top - 1200);
    await expect.poll(() => inView(COUNT)).toBe(false);
    const rowHeight = () => page.getByTestId('thread-message').first().evaluate((el) => el.getBoundingClientRect().height);
    const [before, box] = [await rowHeight(), await boxHeight()];
    await addStyle('.fd-msg-bubble { padding-bottom: 48px; } .fd-thread-scroll { margin-bottom: 160px; }');
    await expect.poll(rowHeight).toBeGreaterThan(before + 30);
    expect(await boxHeight()).toBeLessThan(box - 100);
    await settled();
    await settled();
    const distanceFromEnd = await thread().evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
    expect(distanceFromEnd).toBeGreaterThan(1000);
    expect(await inView(COUNT)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  // The reader's scroll and a late restyle in one animation frame: the resize observers (the
  // virtualiser's on the rows, the thread's on the box and the content) run in that frame, before
  // the scroll's own event, which comes in the next one. What they write then must not be
  // computed from where the box was before she scrolled.
  it.each([
    ['the rows grow', '.fd-msg-bubble { padding-bottom: 48px; }'],
    ['the box shrinks', '.fd-thread-scroll { margin-bottom: 160px; }'],
    ['both', '.fd-msg-bubble { padding-bottom: 48px; } .fd-thread-scroll { margin-bottom: 160px; }'],
  ])('leaves a reader who scrolled up where she is when, in the same frame, %s', async (_, css) => {
    await openThread();
    await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => {
      const el = document.querySelector('[data-testid="thread"]');
      el.scrollTop = el.scrollTop - 1200;
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(${JSON.stringify(css)});
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      resolve();
    }))`);
    await settled();
    await settled();
    expect(await thread().evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeGreaterThan(1000);
    expect(await inView(COUNT)).toBe(false);
    // Back down at the end, she is followed again when rows grow.
    await scrollThreadTo(1e7);
    await settled();
    await addStyle('.fd-msg-body { padding-top: 40px; }');
    await settled();
    await expect.poll(() => inView(COUNT), { timeout: 5_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  // Last: it adds messages after the thread's newest.
  it('follows a new message at the end, and leaves a reader who scrolled up where she is', async () => {
    await openThread();
    addMessage(COUNT + 1);
    await expect.poll(() => inView(COUNT + 1), { timeout: 5_000 }).toBe(true);
    const top = await thread().evaluate((el) => el.scrollTop);
    await scrollThreadTo(top - 1200);
    await expect.poll(() => inView(COUNT + 1)).toBe(false);
    const count = await loaded();
    addMessage(COUNT + 2);
    await expect.poll(loaded, { timeout: 5_000 }).toBe(count + 1);
    await settled();
    await settled();
    expect(await thread().evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeGreaterThan(1000);
    expect(await inView(COUNT + 2)).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * Records, the first time a thread message is in the document, whether the composer and the
 * details panel were already there: a MutationObserver runs after each commit, so "already there"
 * means they were rendered in the thread's own commit.
 */
const FIRST_MESSAGE_WATCH = `(() => {
  const watch = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="thread-message"]')) return;
    window.__firstMessage = {
      composer: !!document.querySelector('[data-testid="composer-body"]'),
      panel: !!document.querySelector('[data-testid="context-panel"]'),
    };
    watch.disconnect();
  });
  addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true }));
})()`;

describe('a thread first opened', () => {
  it('paints its messages before the composer and the details panel mount, and keeps the newest in view once they arrive', async () => {
    await page.addInitScript(FIRST_MESSAGE_WATCH);
    await page.goto(`${server.url}#/inbox`);
    await page.reload();
    await page.getByTestId('conversation-row').filter({ hasText: 'Lena Park' }).click();
    await visible(message(COUNT));
    await visible(page.getByTestId('composer-body'));
    await visible(page.getByTestId('context-panel'));
    expect(await page.evaluate('window.__firstMessage')).toEqual({ composer: false, panel: false });
    await settled();
    await expect.poll(() => inView(COUNT), { timeout: 5_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('focuses the composer after a keyboard open (Enter, then r), though it mounts after the thread', async () => {
    await page.goto(`${server.url}#/inbox`);
    await page.reload();
    await visible(page.getByTestId('conversation-row').filter({ hasText: 'Lena Park' }));
    await page.keyboard.press('Enter');
    await page.keyboard.press('r');
    await expect.poll(() => isFocused(page.getByTestId('composer-body'))).toBe(true);
    expect(await page.getByTestId('composer-body').inputValue()).toBe('');
    await expect.poll(() => inView(COUNT), { timeout: 5_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
