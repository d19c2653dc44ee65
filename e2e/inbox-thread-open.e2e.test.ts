/**
 * What a thread's first open puts off until its messages have painted, and that each still
 * happens: the mark-read call (the row's badge and the stored count follow it), the rows above
 * the box (the first frame holds only the rows that fill it; the margin comes next, before the
 * reader scrolls), and a failed delivery's tooltip (built on the first hover or focus, not with
 * the row; a keyboard user keeps the focus on the badge and reads it there).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { messages, deliveries } from '../electron/db/schema';
import { ensurePatientConversation, recordConversationMessage } from '../electron/repos/conversations-repo';
import { isFocused, visible } from './browser';
import { useBrowserApp } from './app-fixture';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };
const PHONE = '+12125550177';
const COUNT = 120;

const app = useBrowserApp({
  name: 'thread-open',
  as: RECEPTIONIST,
  seed: async ({ server, call }) => {
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
    await page().goto(`${app.server.url}#/inbox`);
    await page().reload();
    await row().click();
    await visible(newest());
    const failed = page().locator('[data-testid="delivery-badge"][data-state="failed"]');
    await visible(failed.last());
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
});
