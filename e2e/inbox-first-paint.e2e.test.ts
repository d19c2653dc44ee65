/**
 * The inbox's first screen, painted by the entry script before the app's code has arrived
 * (renderer/src/shell/first-paint), and the app taking it over: the app's chunk is held back so
 * the picture stays up long enough to measure, then let through. The picture must be what the
 * app then shows, in the same places (nothing moves when the app takes over), hidden from
 * assistive technology and inert while it is up, and the keyboard works as soon as the app is in.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserApp } from './app-fixture';
import { zoneWhereHourIs } from './harness';

const RECEPTIONIST = { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' as const };

const app = useBrowserApp({
  name: 'first-paint',
  as: RECEPTIONIST,
  viewport: { width: 1366, height: 900 },
  seed: async ({ call }) => {
    const zone = zoneWhereHourIs(13);
    const people = [
      ['Maya', 'Bennett', '+12125550177', 'Where do I park my car when I come in?'],
      ['Omar', 'Shah', '+12125550188', 'Running late, be there at 9:20'],
      ['Grace', 'Okafor', '+12125550123', 'Can I move my cleaning to later this week?'],
      ['Lena', 'Fischer', '+12125550144', 'Thanks, see you <Tuesday> & then'],
    ] as const;
    for (const [firstName, lastName, phone, body] of people) {
      await call('patients.create', { firstName, lastName, timeZone: zone, contactPoints: [{ kind: 'phone', value: phone, isPrimary: true }] });
      await call('sandbox.replyAsPatient', { channel: 'sms', address: phone, body });
    }
    // One read, one assigned: both looks of a row.
    const page = await call('inbox.list', { filter: { status: 'open' }, limit: 10 });
    const omar = page.items.find((c) => c.title.startsWith('Omar'));
    if (!omar) throw new Error('seed: no conversation for Omar');
    await call('inbox.markRead', { conversationId: omar.id });
    const me = (await call('auth.state', {})).staff;
    if (!me) throw new Error('seed: nobody signed in');
    await call('inbox.assign', { conversationId: omar.id, staffId: me.id });
  },
});

/** Notes, on every animation frame, whether a conversation row (of either kind) was on screen. */
const FRAME_WATCH = `(() => {
  const watch = { seenRow: false, framesWithoutRows: 0 };
  window.__frameWatch = watch;
  const tick = () => {
    if (document.querySelector('.fd-conv-row')) watch.seenRow = true;
    else if (watch.seenRow) watch.framesWithoutRows += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Picture {
  parts: Record<string, Box | null>;
  /** Computed colours and weights of the parts and of the page, which boxes alone do not show. */
  looks: Record<string, string>;
  rows: { box: Box; className: string; title: string; time: string; preview: string; meta: string; icons: string; look: string }[];
}

/** Where the screen's parts and the rows in view are, and what the rows say, inside `scope`. */
async function picture(page: Page, scope: string): Promise<Picture> {
  const script = `(() => {
    const root = document.querySelector(${JSON.stringify(scope)});
    const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect(); return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) }; };
    const look = (el) => { if (!el) return ''; const c = getComputedStyle(el); return [c.color, c.backgroundColor, c.fontWeight, c.fontSize, c.borderRightColor].join(' '); };
    const parts = {};
    const looks = { page: look(document.body) };
    for (const s of ['.fd-navbar', '.fd-navbar .bp6-align-left', '.fd-sidenav', '.fd-sidenav .bp6-menu-item.bp6-active', '.fd-inbox-heading', '.fd-inbox-filters', '.fd-inbox-filters input', '.fd-conv-scroll', '.fd-inbox-right .bp6-non-ideal-state']) {
      parts[s] = box(root.querySelector(s));
      looks[s] = look(root.querySelector(s));
    }
    const text = (el, s) => el.querySelector(s)?.textContent ?? '';
    const rows = [...root.querySelectorAll('.fd-conv-row')].filter((r) => r.getBoundingClientRect().top < innerHeight).map((r) => ({
      box: box(r),
      className: r.className,
      title: text(r, '.fd-conv-title'),
      time: text(r, '.fd-conv-time'),
      preview: text(r, '.fd-conv-preview'),
      meta: text(r, '.fd-conv-meta'),
      icons: [...r.querySelectorAll('svg[data-icon]')].map((s) => s.getAttribute('data-icon') + '/' + s.getAttribute('width')).join(' '),
      look: [look(r), look(r.querySelector('.fd-conv-title')), look(r.querySelector('.fd-conv-meta .bp6-tag'))].join(' | '),
    }));
    return { parts, looks, rows };
  })()`;
  return (await page.evaluate(script)) as Picture;
}

/** Holds back every request matching `pattern` until `release()`. */
async function holdBack(page: Page, pattern: RegExp): Promise<{ release: () => void }> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return { release };
}

const APP_CHUNK = /\/assets\/app-[^/]*\.js$/;
/** The page's full stylesheet (Blueprint's and the app's); the first screen's own rules are inline in index.html. */
const FULL_STYLESHEET = /\/assets\/index-[^/]*\.css$/;
const fullStylesheetApplied = `[...document.styleSheets].some((sheet) => /\\/assets\\/index-[^/]*\\.css$/.test(sheet.href ?? ''))`;

/**
 * With the full stylesheet held back, the picture stands on the rules index.html carries inline:
 * it must already be laid out and coloured as the app then is, and the app must not mount (it
 * would render unstyled) until the full stylesheet is in.
 */
async function pictureBeforeTheFullStylesheet(page: Page, url: string): Promise<{ before: Picture; after: Picture }> {
  await page.unrouteAll({ behavior: 'wait' });
  const css = await holdBack(page, FULL_STYLESHEET);
  const code = await holdBack(page, APP_CHUNK);
  await page.goto(url);
  const shell = page.locator('[data-first-paint]');
  await shell.locator('.fd-conv-row').first().waitFor();
  expect(await page.evaluate(fullStylesheetApplied)).toBe(false);
  const before = await picture(page, '[data-first-paint]');

  // The app's code arrives first: the app still waits for its stylesheet.
  code.release();
  await expect.poll(() => page.evaluate(`performance.getEntriesByType('resource').some((r) => /\\/assets\\/app-/.test(r.name))`)).toBe(true);
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 300))');
  expect(await page.getByTestId('conversation-row').count()).toBe(0);
  expect(await shell.count()).toBe(1);

  css.release();
  await page.getByTestId('conversation-row').first().waitFor();
  expect(await page.evaluate(fullStylesheetApplied)).toBe(true);
  return { before, after: await picture(page, '#root') };
}

describe("the inbox's first screen before the app's code", () => {
  it('is painted from the start-up answers, and the app takes it over without anything moving', async () => {
    const page = app.page;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/assets\/app-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.addInitScript(FRAME_WATCH);
    await page.goto(`${app.server.url}#/inbox`);

    const shell = page.locator('[data-first-paint]');
    await shell.locator('.fd-conv-row').first().waitFor();
    // The app has not rendered: this is the entry script's picture.
    expect(await page.getByTestId('conversation-row').count()).toBe(0);
    expect(await shell.getAttribute('aria-hidden')).toBe('true');
    expect(await shell.getAttribute('inert')).not.toBeNull();
    // Nothing in it takes focus: a click or Tab lands nowhere until the app is in.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement === document.body || document.activeElement === null`)).toBe(true);
    const before = await picture(page, '[data-first-paint]');
    expect(before.rows.map((r) => r.title)).toEqual(['Lena Fischer', 'Grace Okafor', 'Omar Shah', 'Maya Bennett']);
    // Markup in a message is text, not markup.
    expect(before.rows[0]?.preview).toBe('Thanks, see you <Tuesday> & then');

    release();
    await page.getByTestId('conversation-row').first().waitFor();
    expect(await shell.count()).toBe(0);
    const after = await picture(page, '#root');
    expect(after.parts).toEqual(before.parts);
    expect(after.looks).toEqual(before.looks);
    expect(after.rows).toEqual(before.rows);
    expect(before.rows[0]?.className).toBe('fd-conv-row fd-selected fd-unread');
    expect(before.rows[2]?.meta).toBe('SMSRR');
    expect(before.rows[2]?.icons).toBe('mobile-phone/12 person/12');
    // Not one frame between the picture and the app without rows.
    expect(await page.evaluate(`window.__frameWatch.framesWithoutRows`)).toBe(0);

    // The keyboard works at once: j moves to the next conversation.
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('conversation-row').nth(1).getAttribute('aria-selected')).toBe('true');
    expect(app.pageErrors).toEqual([]);
  });

  it("is styled before the full stylesheet arrives, as the app is once it has, and the app mounts only after it", async () => {
    const { before, after } = await pictureBeforeTheFullStylesheet(app.page, `${app.server.url}#/inbox`);
    expect(before.rows.map((r) => r.title)).toEqual(['Lena Fischer', 'Grace Okafor', 'Omar Shah', 'Maya Bennett']);
    // Laid out, not a column of unstyled text: the top bar and side nav have their sizes, rows their height.
    expect(before.parts['.fd-sidenav']?.w).toBe(220);
    expect(before.rows[1]?.box.h).toBe(68);
    expect(after.parts).toEqual(before.parts);
    expect(after.looks).toEqual(before.looks);
    expect(after.rows).toEqual(before.rows);
    expect(app.pageErrors).toEqual([]);
  });

  it('leaves any other screen to the app', async () => {
    const page = app.page;
    await page.unrouteAll({ behavior: 'wait' });
    await page.goto(`${app.server.url}#/patients`);
    await page.getByTestId('screen-patients').waitFor();
    expect(await page.evaluate(`performance.getEntriesByName('frontdesk:first-paint').length`)).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('is painted in the dark theme from the same inline rules, as the app then shows it', async () => {
    const page = app.page;
    await page.addInitScript(`localStorage.setItem('frontdesk.theme', 'dark')`);
    const { before, after } = await pictureBeforeTheFullStylesheet(page, `${app.server.url}#/inbox`);
    // Blueprint's dark background, not the light one.
    expect(before.looks.page).toContain('rgb(37, 42, 49)');
    expect(after.parts).toEqual(before.parts);
    expect(after.looks).toEqual(before.looks);
    expect(after.rows).toEqual(before.rows);
    expect(app.pageErrors).toEqual([]);
  });
});
