/**
 * The icons the first screen shows, drawn as Blueprint's <Icon> draws them (same classes, same
 * SVG) but as markup, without React or Blueprint's code: the first screen is painted by the entry
 * script before either has loaded. The paths are Blueprint's own, bundled into the entry (a few
 * KB); the app draws the same icons from the same modules (lib/icons.ts).
 */
import chat20 from '@blueprintjs/icons/lib/esm/generated/20px/paths/chat';
import calendar from '@blueprintjs/icons/lib/esm/generated/16px/paths/calendar';
import chat from '@blueprintjs/icons/lib/esm/generated/16px/paths/chat';
import cog from '@blueprintjs/icons/lib/esm/generated/16px/paths/cog';
import dashboard from '@blueprintjs/icons/lib/esm/generated/16px/paths/dashboard';
import document from '@blueprintjs/icons/lib/esm/generated/16px/paths/document';
import doubleCaretVertical from '@blueprintjs/icons/lib/esm/generated/16px/paths/double-caret-vertical';
import envelope from '@blueprintjs/icons/lib/esm/generated/16px/paths/envelope';
import feed from '@blueprintjs/icons/lib/esm/generated/16px/paths/feed';
import flash from '@blueprintjs/icons/lib/esm/generated/16px/paths/flash';
import importIcon from '@blueprintjs/icons/lib/esm/generated/16px/paths/import';
import inbox from '@blueprintjs/icons/lib/esm/generated/16px/paths/inbox';
import keyCommand from '@blueprintjs/icons/lib/esm/generated/16px/paths/key-command';
import logOut from '@blueprintjs/icons/lib/esm/generated/16px/paths/log-out';
import mobilePhone from '@blueprintjs/icons/lib/esm/generated/16px/paths/mobile-phone';
import moon from '@blueprintjs/icons/lib/esm/generated/16px/paths/moon';
import people from '@blueprintjs/icons/lib/esm/generated/16px/paths/people';
import person from '@blueprintjs/icons/lib/esm/generated/16px/paths/person';
import phone from '@blueprintjs/icons/lib/esm/generated/16px/paths/phone';
import search from '@blueprintjs/icons/lib/esm/generated/16px/paths/search';
import { escapeHtml } from './escape';

const PATHS_16 = {
  calendar,
  chat,
  cog,
  dashboard,
  document,
  'double-caret-vertical': doubleCaretVertical,
  envelope,
  feed,
  flash,
  import: importIcon,
  inbox,
  'key-command': keyCommand,
  'log-out': logOut,
  'mobile-phone': mobilePhone,
  moon,
  people,
  person,
  phone,
  search,
} satisfies Record<string, string[]>;

export type FirstPaintIcon = keyof typeof PATHS_16;
export const FIRST_PAINT_ICONS = Object.keys(PATHS_16) as FirstPaintIcon[];

/** Blueprint draws sizes of 20 px and more from its 20 px paths. */
const PATHS_20: Partial<Record<FirstPaintIcon, string[]>> = { chat: chat20 };

interface IconOptions {
  size?: number;
  /** Extra classes on the icon's span (Blueprint's `className`). */
  className?: string;
  /** An SVG <title>, as Blueprint renders `title`; the span is then not aria-hidden. */
  title?: string;
}

/** The markup Blueprint's <Icon icon={name} size={size} /> renders. */
export function iconHtml(name: FirstPaintIcon, { size = 16, className, title }: IconOptions = {}): string {
  const large = size >= 20;
  const paths = (large ? PATHS_20[name] : undefined) ?? PATHS_16[name];
  const box = large && PATHS_20[name] ? 20 : 16;
  const classes = `bp6-icon bp6-icon-${name}${className ? ` ${className}` : ''}`;
  const hidden = title ? '' : ' aria-hidden="true"';
  const svgTitle = title ? `<title>${escapeHtml(title)}</title>` : '';
  const d = paths.map((p) => `<path d="${p}" fill-rule="evenodd"></path>`).join('');
  return `<span${hidden} class="${classes}"><svg data-icon="${name}" height="${size}" role="img" viewBox="0 0 ${box} ${box}" width="${size}">${svgTitle}${d}</svg></span>`;
}
