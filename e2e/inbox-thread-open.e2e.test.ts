/**
 * What a thread's first open puts off until its messages have painted, and that each still
 * happens: the mark-read call (the row's badge and the stored count follow it), the rows above
 * the box (the first frame holds only the rows that fill it; the margin comes next, before the
 * reader scrolls), and a failed delivery's tooltip (built on the first hover or focus, not with
 * the row; a keyboard user keeps the focus on the badge and reads it there). A reader who moves
 * on before that work ran still has the thread she left marked read, and the next one's waits
 * for its own paint.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { messages, deliveries } from '../electron/db/schema';
import { ensurePatientConversation, recordConversationMessage } from '../electron/repos/conversations-repo';
import { isFocused, visible } from './browser';
import { useBrowserApp } from './app-fixture';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONE = '+12125550177';
const COUNT = 120;

/** Two more unread conversations, opened one after the other (their conversation ids, by name). */
const SWITCHED = [
  { firstName: 'Omar', lastName: 'Diaz', phone: '+12125550178' },
  { firstName: 'Pia', lastName: 'Sato', phone: '+12125550179' },
] as const;
const switchedIds = new Map<string, number>();

const app = useBrowserApp({
  name: 'thread-open',
  as: RECEPTIONIST,
  seed: async ({ server, call }) => {
    for (const p of SWITCHED) {
      const other = await call('patients.create', { firstName: p.firstName, lastName: p.lastName, contactPoints: [{ kind: 'phone', value: p.phone, isPrimary: true }] });
      const at = Date.now() - 2 * COUNT * 60_000;
      const own = ensurePatientConversation(server.core.db, other.id, at);
      const body = `Hello from ${p.firstName}.`;
      server.core.db.insert(messages).values({ conversationId: own.id, patientId: other.id, direction: 'inbound', channel: 'sms', address: p.phone, body, origin: 'patient', createdAt: at }).run();
      recordConversationMessage(server.core.db, own.id, { direction: 'inbound', body, at });
      switchedIds.set(`${p.firstName} ${p.lastName}`, own.id);
    }
    const patient = await call('patients.create', { firstName: 'Mia', lastName: 'Chen', contactPoints: [{ kind: 'phone', value: PHONE, isPrimary: true }] });
    const db = server.core.db;
    const start = Date.now() - COUNT * 60_000;
    const conversation = ensurePatientConversation(db, patient.id, start);
    for (let n = 1; n <= COUNT; n++) {
      // The newest is the patient's, so the conversation opens unread.
      const inbound = n % 2 === 0;
      const at = start + n * 60_000;
      const body = `Note ${n} of ${COUNT}.${n % 5 === 0 ? ' About the invoice, the parking and whether Thursday still works.' : ''}`;
      const row = db
        .insert(messages)
        .values({ conversationId: conversation.id, patientId: patient.id, direction: inbound ? 'inbound' : 'outbound', channel: 'sms', address: PHONE, body, origin: inbound ? 'patient' : 'staff', createdAt: at })
        .returning({ id: messages.id })
        .get();
      if (!inbound) {
        const failed = n % 3 === 0;
        db.insert(deliveries)
          .values({ messageId: row.id, channel: 'sms', address: PHONE, provider: 'sandbox', state: failed ? 'failed' : 'delivered', reasonCode: failed ? 'invalid_number' : null, errorCode: failed ? '30003' : null, attemptCount: 1, createdAt: at, updatedAt: at })
          .run();
      }
      recordConversationMessage(db, conversation.id, { direction: inbound ? 'inbound' : 'outbound', body, at });
    }
  },
});

/**
 * Notes, in the page, how many messages the document held when the first one arrived and
 * whether a frame had been painted with them when the mark-read call went out.
 */
const OPEN_WATCH = `(() => {
  const seen = { firstRows: null, firstAbove: null, paintedRows: false, markReadAfterPaint: null };
  window.__open = seen;
  const watch = new MutationObserver(() => {
    const rows = document.querySelectorAll('[data-testid="thread-message"]').length;
    if (rows === 0 || seen.firstRows !== null) return;
    seen.firstRows = rows;
    // The frame that paints them: what it holds above the box, and from then on, painted.
    requestAnimationFrame(() => {
      const box = document.querySelector('[data-testid="thread"]');
      const top = box ? box.getBoundingClientRect().top : 0;
      seen.firstAbove = [...document.querySelectorAll('[data-testid="thread-message"]')].filter((m) => m.getBoundingClientRect().bottom < top).length;
      seen.paintedRows = true;
    });
    watch.disconnect();
  });
  addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true }));
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (url.includes('/api/call/inbox.markRead') && seen.markReadAfterPaint === null) seen.markReadAfterPaint = seen.paintedRows;
    return fetch0.call(this, input, init);
  };
})()`;

interface OpenWatch {
  firstRows: number | null;
  firstAbove: number | null;
  markReadAfterPaint: boolean | null;
}

const page = () => app.page;
const row = () => page().getByTestId('conversation-row').filter({ hasText: 'Mia Chen' });
const newest = () => page().getByTestId('thread-message').filter({ hasText: `Note ${COUNT} of ${COUNT}.` });

/** A fresh load, the thread open on its newest message, and its failed deliveries' badges. */
async function openOnFailedBadges() {
  await page().goto(`${app.server.url}#/inbox`);
  await page().reload();
  await row().click();
  await visible(newest());
  const failed = page().locator('[data-testid="delivery-badge"][data-state="failed"]');
  await visible(failed.last());
  return failed;
}
const watched = () => page().evaluate('window.__open') as Promise<OpenWatch>;

async function newestInView(): Promise<boolean> {
  const box = await page().getByTestId('thread').boundingBox();
  const own = await newest().boundingBox({ timeout: 1_000 }).catch(() => null);
  return !!box && !!own && own.y >= box.y - 1 && own.y + own.height <= box.y + box.height + 1;
}

beforeAll(async () => {
  await page().addInitScript(OPEN_WATCH);
});

describe("a thread's first open", () => {
  it('marks the conversation read once its messages have painted; the row and the stored count follow', async () => {
    await page().goto(`${app.server.url}#/inbox`);
    await visible(row().getByTestId('unread-badge'));
    await row().click();
    await visible(newest());
    await expect.poll(async () => (await watched()).markReadAfterPaint).toBe(true);
    await row().getByTestId('unread-badge').waitFor({ state: 'detached' });
    const list = await app.call('inbox.list', {});
    expect(list.items.find((c) => c.title === 'Mia Chen')?.unreadCount).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('paints the rows that fill the box first, then the rows above it, with the newest message in view', async () => {
    await page().goto(`${app.server.url}#/inbox`);
    await page().reload();
    await row().click();
    await visible(newest());
    await visible(page().getByTestId('composer-body'));
    // The margin above the box arrives after the first paint: the first frame held at most the
    // one row above the box, the settled thread holds several, so scrolling up shows no blank.
    const first = await watched();
    expect(first.firstRows).toBeGreaterThan(3);
    expect(first.firstAbove).toBeLessThanOrEqual(1);
    const above = () =>
      page()
        .getByTestId('thread')
        .evaluate((el) => {
          const top = el.getBoundingClientRect().top;
          return [...el.querySelectorAll('[data-testid="thread-message"]')].filter((m) => m.getBoundingClientRect().bottom < top).length;
        });
    await expect.poll(above).toBeGreaterThan(3);
    await expect.poll(newestInView).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it("shows a failed delivery's reason on hover, and on keyboard focus while the badge keeps the focus", async () => {
    const failed = await openOnFailedBadges();
    const reason = ((await failed.last().getAttribute('aria-label')) ?? '').split(': ').slice(1).join(': ');
    expect(reason.length).toBeGreaterThan(5);
    const tooltip = page().locator('.bp6-tooltip');

    await failed.last().hover();
    await expect.poll(() => tooltip.filter({ hasText: reason }).count()).toBeGreaterThan(0);
    await page().mouse.move(5, 5);
    await tooltip.first().waitFor({ state: 'detached' });

    // Another one, whose tooltip is not built yet: focus mounts it anew inside the tooltip's
    // target (with the same id), and focusing scrolls, so the rows in the document change.
    const other = failed.nth((await failed.count()) - 2);
    const id = await other.getAttribute('id');
    expect(id).toBeTruthy();
    await other.focus();
    const focused = page().locator(`[id="${id}"]`);
    await expect.poll(() => isFocused(focused)).toBe(true);
    expect(await focused.getAttribute('data-testid')).toBe('delivery-badge');
    await expect.poll(() => tooltip.filter({ hasText: reason }).count()).toBeGreaterThan(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('leaves no tooltip open when the pointer passes over a badge before its tooltip is built', async () => {
    const failed = await openOnFailedBadges();
    // In and out in one task, as on a busy machine the pointer leaves before React has built
    // the tooltip: the events React derives its enter and leave from, with nothing around them.
    // (A string script: this file is type-checked without the DOM library.)
    await failed.last().evaluate(`(badge) => {
      badge.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, relatedTarget: null }));
      badge.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: null }));
    }`);
    await page().evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300))))');
    expect(await page().locator('.bp6-tooltip').count()).toBe(0);
    // A real hover on it still shows the reason.
    await failed.last().hover();
    await expect.poll(() => page().locator('.bp6-tooltip').count()).toBeGreaterThan(0);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('switching threads', () => {
  const [first, second] = SWITCHED.map((p) => `${p.firstName} ${p.lastName}`) as [string, string];
  const unread = async (title: string) => (await app.call('inbox.list', {})).items.find((c) => c.title === title)?.unreadCount;

  it('marks the thread left read once it painted, without waiting for the next one to paint', async () => {
    await page().goto(`${app.server.url}#/inbox`);
    await page().reload();
    await visible(page().getByTestId('conversation-row').filter({ hasText: second }));
    // The second thread's read is held: its paint cannot come until the test lets it.
    const secondId = switchedIds.get(second);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = async (route: import('playwright-core').Route) => {
      if (new RegExp(`"conversationId":${secondId}\\b`).test(route.request().postData() ?? '')) await gate;
      await route.continue();
    };
    await page().route('**/api/call/inbox.thread', hold);
    // The reader moves on to the second the moment the first's messages are in the document: in
    // the task of that commit, before the frame that paints them and the run that follows it.
    await page().evaluate(`(() => {
      const watch = new MutationObserver(() => {
        if (![...document.querySelectorAll('[data-testid="thread-message"]')].some((m) => m.textContent.includes(${JSON.stringify(`Hello from ${SWITCHED[0].firstName}.`)}))) return;
        watch.disconnect();
        [...document.querySelectorAll('[data-testid="conversation-row"]')].find((r) => r.textContent.includes(${JSON.stringify(second)})).click();
      });
      watch.observe(document.body, { childList: true, subtree: true });
    })()`);
    expect(await unread(first)).toBeGreaterThan(0);
    await page().getByTestId('conversation-row').filter({ hasText: first }).click();
    // The first painted: it is marked read while the second still loads, and the second is not
    // (its work waits for its own paint).
    await expect.poll(() => unread(first), { timeout: 5_000 }).toBe(0);
    expect(await unread(second)).toBeGreaterThan(0);
    release();
    await visible(page().getByTestId('thread-message').filter({ hasText: `Hello from ${SWITCHED[1].firstName}.` }));
    await expect.poll(() => unread(second), { timeout: 5_000 }).toBe(0);
    await page().unroute('**/api/call/inbox.thread', hold);
    expect(app.pageErrors).toEqual([]);
  });
});
