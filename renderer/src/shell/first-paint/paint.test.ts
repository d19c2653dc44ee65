import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import type { CallResult } from '../../../../shared/ipc/result';
import { SCREENS } from '../screens';
import { FIRST_PAINT_ICONS, iconHtml } from './icons';
import { firstScreenHtml, rowHtml } from './markup';
import { paintFirstScreen, type StartAnswers } from './paint';

const NOW = Date.UTC(2026, 11, 1, 18, 0);

function conversation(id: number, extra: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    patientId: id,
    title: `Pat${id} Tester`,
    address: '+12125550100',
    status: 'open',
    unreadCount: 0,
    lastMessageAt: NOW - id * 60_000,
    lastMessagePreview: `Hello ${id}`,
    channels: ['sms'],
    assigneeStaffId: null,
    assigneeName: null,
    flag: null,
    snoozedUntil: null,
    ...extra,
  } as ConversationSummary;
}

const ok = <T>(value: T): Promise<CallResult<T>> => Promise.resolve({ ok: true, value });

function answers(overrides: Partial<StartAnswers> = {}): StartAnswers {
  return {
    auth: ok({ needsSetup: false, locked: false, idleLockMinutes: 10, staff: { id: 1, username: 'rita', displayName: 'Rita Reception', role: 'receptionist' as const, active: true, lastSignInAt: null } }),
    settings: ok({ clinicName: 'Smile & Co', timeZone: 'America/New_York', defaultCountry: 'US' } as never),
    unread: ok({ unread: 3 }),
    list: ok({ items: [conversation(1, { unreadCount: 2 }), conversation(2)], hasMore: false } as never),
    ...overrides,
  };
}

function page(hash = '#/inbox', theme: string | null = null) {
  const classes: string[] = [];
  return {
    classes,
    location: { hash },
    innerHeight: 900,
    localStorage: { getItem: () => theme },
    document: { body: { classList: { add: (name: string) => classes.push(name) } } },
  };
}

async function paint(options: { hash?: string; answers?: StartAnswers; started?: boolean; theme?: string }) {
  const root = { innerHTML: '' };
  const p = page(options.hash, options.theme ?? null);
  const painted = await paintFirstScreen({ page: p, container: Promise.resolve(root), answers: options.answers ?? answers(), appStarted: () => options.started ?? false, now: () => NOW });
  return { painted, html: root.innerHTML, classes: p.classes };
}

describe('paintFirstScreen', () => {
  it('paints the inbox with the clinic, the staff member, the unread total and the rows, hidden and inert', async () => {
    const { painted, html } = await paint({});
    expect(painted).toBe(true);
    expect(html).toMatch(/^<div class="fd-app" data-first-paint aria-hidden="true" inert>/);
    expect(html).toContain('Smile &amp; Co');
    expect(html).toContain('Rita Reception');
    expect(html.match(/class="fd-conv-row[ "]/g)).toHaveLength(2);
    expect(html).toContain('class="fd-conv-row fd-selected fd-unread"');
    // A receptionist sees no manager screens.
    expect(html).not.toContain('Broadcasts');
    expect(html).toContain('Templates');
  });

  it('leaves the page to the app when it is not the inbox as it opens, or nobody can see it', async () => {
    const staff = { id: 1, username: 'rita', displayName: 'Rita', role: 'receptionist' as const, active: true, lastSignInAt: null };
    const cases: Parameters<typeof paint>[0][] = [
      { hash: '#/patients' },
      { hash: '#/inbox/12' },
      { started: true },
      { answers: answers({ auth: ok({ needsSetup: false, locked: false, idleLockMinutes: 10, staff: null }) }) },
      { answers: answers({ auth: ok({ needsSetup: false, locked: true, idleLockMinutes: 10, staff }) }) },
      { answers: answers({ auth: ok({ needsSetup: true, locked: false, idleLockMinutes: 10, staff }) }) },
      { answers: answers({ list: ok({ items: [], hasMore: false } as never) }) },
      { answers: answers({ list: Promise.resolve({ ok: false, error: { code: 'internal', message: 'down' } }) }) },
      { answers: answers({ settings: Promise.reject(new Error('network down')) }) },
    ];
    for (const c of cases) {
      const { painted, html } = await paint(c);
      expect({ c: JSON.stringify(c.hash ?? c.started ?? 'answers'), painted, html }).toEqual({ c: JSON.stringify(c.hash ?? c.started ?? 'answers'), painted: false, html: '' });
    }
  });

  it('draws only the rows in view (plus one), but sizes the list for all of them', async () => {
    const items = Array.from({ length: 50 }, (_, i) => conversation(i + 1));
    const { html } = await paint({ answers: answers({ list: ok({ items, hasMore: true } as never) }) });
    expect(html.match(/class="fd-conv-row[ "]/g)).toHaveLength(Math.ceil(900 / 68) + 1);
    expect(html).toContain(`height: ${51 * 68}px`);
  });

  it('puts on the dark theme the app will use', async () => {
    const { classes, html } = await paint({ theme: 'dark' });
    expect(classes).toEqual(['bp6-dark']);
    expect(html).toContain('bp6-icon-flash');
  });
});

describe('rowHtml', () => {
  const where = { zone: 'America/New_York', locale: 'en-US' };
  it('writes text as text', () => {
    const html = rowHtml(conversation(1, { title: '<b>Ann</b> & "Bo"', lastMessagePreview: '<img src=x onerror=alert(1)>' }), false, where, NOW);
    expect(html).toContain('&lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Bo&quot;');
    expect(html).not.toContain('<img');
  });

  it('shows status, flag, assignee and unread as the app does', () => {
    const html = rowHtml(conversation(1, { status: 'snoozed', flag: 'reschedule', assigneeName: 'Rita Reception', unreadCount: 4, channels: ['sms', 'email'] }), false, where, NOW);
    expect(html).toContain('title="Asked to reschedule"');
    expect(html).toContain('>snoozed<');
    expect(html).toContain('title="Assigned to Rita Reception"');
    expect(html).toContain('>RR<');
    expect(html).toContain('bp6-intent-primary bp6-round');
    expect(html).toContain('<title>Email</title>');
  });
});

describe('iconHtml', () => {
  it('has every icon the first screen names, with its paths', () => {
    for (const name of FIRST_PAINT_ICONS) expect(iconHtml(name)).toMatch(/<path d="[Mm]/);
  });

  it("has every side-nav screen's icon (a new screen's icon must be added here)", () => {
    expect(SCREENS.map((s) => s.icon).filter((icon) => !(FIRST_PAINT_ICONS as string[]).includes(icon))).toEqual([]);
  });

  it('draws large sizes from the 20 px paths where it has them', () => {
    expect(iconHtml('chat', { size: 48 })).toContain('viewBox="0 0 20 20"');
    expect(iconHtml('chat')).toContain('viewBox="0 0 16 16"');
  });

  it('is the same markup for the whole screen as for a row', () => {
    expect(firstScreenHtml({ clinicName: 'C', staff: { displayName: 'D', role: 'admin' }, unread: 0, items: [conversation(1)], hasMore: false, where: { zone: 'UTC', locale: 'en-US' }, dark: false, rows: 5, now: NOW })).toContain(
      rowHtml(conversation(1), true, { zone: 'UTC', locale: 'en-US' }, NOW),
    );
  });
});
