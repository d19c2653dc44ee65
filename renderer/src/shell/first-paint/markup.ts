/**
 * The inbox's first screen as markup: the same elements and classes the app renders (AppShell,
 * TopBar, SideNav, InboxScreen, InboxFilters, ConversationList) for the inbox as it opens (open
 * conversations, no search, nothing open), filled from the start-up calls' answers. The entry
 * script paints it while the app's code is still loading; React replaces it with its own first
 * render, which has the same geometry, so nothing on screen moves. e2e/inbox-first-paint checks
 * that against the real app.
 *
 * It is a picture, not the app: hidden from assistive technology and inert (nothing in it can be
 * focused or clicked); the app's own, accessible screen replaces it.
 */
import type { ConversationSummary } from '../../../../shared/contract/inbox';
import type { Role } from '../../../../shared/ipc/roles';
import { roleAllows } from '../../../../shared/ipc/roles';
import { formatListTime, type Where } from '../../../../shared/datetime';
import { SCREENS } from '../screens';
import { CHANNEL_ICON, CHANNEL_LABEL } from '../../screens/inbox/list-channels';
import { ROW_HEIGHT } from '../../screens/inbox/list-geometry';
import { escapeHtml as esc } from './escape';
import { iconHtml } from './icons';

export interface FirstScreen {
  clinicName: string;
  staff: { displayName: string; role: Role };
  unread: number;
  items: readonly ConversationSummary[];
  hasMore: boolean;
  where: Where;
  dark: boolean;
  /** How many rows to draw: those in view, as the list's first frame renders them. */
  rows: number;
  now: number;
}

/** Marks the picture, for the code that replaces it and for the benchmark's probe. */
export const FIRST_PAINT_ATTRIBUTE = 'data-first-paint';

const tag = (classes: string, text: string, attrs = '', icon = '') =>
  `<span class="bp6-tag ${classes}"${attrs}>${icon}<span class="bp6-text-overflow-ellipsis bp6-fill">${esc(text)}</span></span>`;

function topBar(s: FirstScreen): string {
  const button = (icon: Parameters<typeof iconHtml>[0], text?: string) =>
    `<button type="button" tabindex="-1" class="bp6-button bp6-minimal">${iconHtml(icon)}${text ? `<span class="bp6-button-text">${esc(text)}</span>` : ''}</button>`;
  return (
    '<div class="bp6-navbar fd-navbar">' +
    `<div class="bp6-navbar-group bp6-align-left"><div class="bp6-navbar-heading fd-brand">Frontdesk</div><div class="bp6-navbar-divider"></div><span>${esc(s.clinicName)}</span></div>` +
    '<div class="bp6-navbar-group bp6-align-right">' +
    `<div class="bp6-navbar-divider"></div><span>${esc(s.staff.displayName)}</span>${tag('bp6-minimal fd-gap-left', s.staff.role)}<div class="bp6-navbar-divider"></div>` +
    button('key-command') +
    button(s.dark ? 'flash' : 'moon') +
    button('log-out', 'Sign out') +
    '</div></div>'
  );
}

function sideNav(s: FirstScreen): string {
  const manager = roleAllows(s.staff.role, 'manager');
  const items = SCREENS.filter((entry) => !entry.managerOnly || manager).map((entry) => {
    const active = entry.screen === 'inbox';
    const badge = tag('bp6-intent-primary bp6-round fd-nav-badge', String(s.unread));
    const text = active && s.unread > 0 ? `<span class="fd-nav-text">${esc(entry.label)}${badge}</span>` : esc(entry.label);
    return (
      `<li role="none"><a tabindex="-1" class="bp6-menu-item${active ? ' bp6-active' : ''} bp6-popover-dismiss">` +
      `<span class="bp6-menu-item-icon" aria-hidden="true">${iconHtml(entry.icon as Parameters<typeof iconHtml>[0])}</span>` +
      `<div class="bp6-text-overflow-ellipsis bp6-fill">${text}</div><span class="bp6-menu-item-label">Alt+${esc(entry.key)}</span></a></li>`
    );
  });
  return `<nav class="fd-sidenav"><ul class="bp6-menu bp6-large">${items.join('')}</ul></nav>`;
}

function filters(): string {
  const select = (options: string[]) =>
    `<div class="bp6-html-select bp6-minimal"><select tabindex="-1">${options.map((o) => `<option>${esc(o)}</option>`).join('')}</select>${iconHtml('double-caret-vertical')}</div>`;
  return (
    '<div class="fd-inbox-filters">' +
    `<div class="bp6-input-group">${iconHtml('search')}<input tabindex="-1" placeholder="Name, phone or words  ( / )" class="bp6-input" type="search" value=""></div>` +
    '<div class="fd-inbox-filter-row"><div class="bp6-button-group">' +
    '<button type="button" tabindex="-1" class="bp6-button bp6-small"><span class="bp6-button-text">Unread</span></button>' +
    '<button type="button" tabindex="-1" class="bp6-button bp6-small"><span class="bp6-button-text">Mine</span></button></div>' +
    select(['All channels', ...Object.values(CHANNEL_LABEL)]) +
    select(['Open']) +
    '</div></div>'
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** One conversation row, as ConversationList's ConversationRow renders it without a search. */
export function rowHtml(c: ConversationSummary, selected: boolean, where: Where, now: number): string {
  const unread = c.unreadCount > 0;
  const meta = [
    ...c.channels.map((ch) => iconHtml(CHANNEL_ICON[ch], { size: 12, className: 'fd-channel-icon', title: CHANNEL_LABEL[ch] })),
    c.flag ? tag('bp6-intent-warning bp6-minimal', c.flag === 'reschedule' ? 'R' : '?', ` title="${c.flag === 'reschedule' ? 'Asked to reschedule' : 'May want to opt out'}"`) : '',
    c.status !== 'open' ? tag('bp6-minimal', c.status) : '',
    c.assigneeName ? tag('bp6-minimal', initials(c.assigneeName), ` title="Assigned to ${esc(c.assigneeName)}"`, iconHtml('person', { size: 12 })) : '',
    unread ? tag('bp6-intent-primary bp6-round', String(c.unreadCount)) : '',
  ].join('');
  return (
    `<div class="fd-conv-row${selected ? ' fd-selected' : ''}${unread ? ' fd-unread' : ''}" data-conversation-id="${c.id}">` +
    `<div class="fd-conv-line"><span class="fd-conv-title">${esc(c.title)}</span><span class="fd-conv-time">${c.lastMessageAt ? esc(formatListTime(c.lastMessageAt, where, now)) : ''}</span></div>` +
    `<div class="fd-conv-line"><span class="fd-conv-preview">${esc(c.lastMessagePreview ?? 'No messages yet')}</span><span class="fd-conv-meta">${meta}</span></div>` +
    '</div>'
  );
}

function list(s: FirstScreen): string {
  const total = (s.items.length + (s.hasMore ? 1 : 0)) * ROW_HEIGHT;
  const rows = s.items.slice(0, Math.max(0, s.rows)).map(
    (c, i) =>
      `<div class="fd-conv-row-slot" style="position: absolute; top: 0px; left: 0px; width: 100%; height: ${ROW_HEIGHT}px; transform: translateY(${i * ROW_HEIGHT}px);">${rowHtml(c, i === 0, s.where, s.now)}</div>`,
  );
  return `<div class="fd-inbox-list"><div class="fd-conv-scroll"><div style="height: ${total}px; position: relative; width: 100%;">${rows.join('')}</div></div></div>`;
}

function nothingOpen(): string {
  return (
    '<section class="fd-inbox-right"><div class="fd-fill"><div class="bp6-non-ideal-state bp6-non-ideal-state-vertical">' +
    `<div class="bp6-non-ideal-state-visual" style="font-size: 48px; line-height: 48px;">${iconHtml('chat', { size: 48, className: 'bp6-icon-muted' })}</div>` +
    '<div class="bp6-non-ideal-state-text"><h4 class="bp6-heading">No conversation open</h4><div>Move with j / k (or ↓ / ↑), open with Enter. Press ? for every shortcut.</div></div></div></div></section>'
  );
}

/** The whole first screen: what goes into #root until the app renders. */
export function firstScreenHtml(s: FirstScreen): string {
  const unreadTag = s.unread > 0 ? tag('bp6-intent-primary bp6-round', String(s.unread)) : '';
  const heading =
    `<div class="fd-inbox-heading"><h2>Inbox</h2>${unreadTag}<span class="fd-muted fd-push-right"></span>` +
    `<button type="button" tabindex="-1" class="bp6-button bp6-minimal">${iconHtml('mobile-phone')}</button></div>`;
  return (
    `<div class="fd-app" ${FIRST_PAINT_ATTRIBUTE} aria-hidden="true" inert><div class="fd-shell">${topBar(s)}<div class="fd-body">${sideNav(s)}` +
    `<main class="fd-main"><div class="fd-inbox"><section class="fd-inbox-left">${heading}${filters()}${list(s)}</section>${nothingOpen()}</div></main>` +
    '</div></div></div>'
  );
}
