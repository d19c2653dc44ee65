/**
 * Paints the inbox's first screen from the start-up calls' answers, before the app's code has
 * loaded (about half a megabyte of script to compile, which on a busy machine takes longer than
 * the answers). React's first render into #root replaces it; since the app then renders from the
 * same answers (they are prefetched), that render has the rows too, and nothing moves.
 *
 * Only for the inbox as it opens (#/inbox, nothing open, someone signed in and not locked, at
 * least one conversation), and only while the app has not started rendering: any other screen
 * waits for the app, as before.
 */
import type { OutputOf } from '../../../../shared/contract';
import type { CallResult } from '../../../../shared/ipc/result';
import { clinicLocale } from '../../../../shared/datetime';
import { ROW_HEIGHT } from '../../screens/inbox/list-geometry';
import { parseRoute } from '../../navigation/route-parse';
import { firstScreenHtml } from './markup';

export interface StartAnswers {
  auth: Promise<CallResult<OutputOf<'auth.state'>>>;
  settings: Promise<CallResult<OutputOf<'settings.get'>>>;
  unread: Promise<CallResult<OutputOf<'inbox.unreadTotal'>>>;
  list: Promise<CallResult<OutputOf<'inbox.list'>>>;
}

export interface FirstPaintPage {
  readonly location: { readonly hash: string };
  readonly innerHeight: number;
  readonly localStorage: { getItem(key: string): string | null };
  readonly document: { readonly body: { readonly classList: { add(name: string): void } } };
}

export interface FirstPaintOptions {
  page: FirstPaintPage;
  /** #root, once the page is ready for it (page-ready.ts). */
  container: Promise<{ innerHTML: string }>;
  answers: StartAnswers;
  /** True once the app's code has started rendering: from then on React owns #root. */
  appStarted(): boolean;
  now(): number;
}

/**
 * Loads Intl's date data while the start-up calls are out (the page is idle then): the first
 * date formatter a page creates costs tens of milliseconds, and the first screen formats a time
 * for every row as soon as the answers are in. The clinic's own zone is only known from the
 * answers; later formatters are cheap once the first has loaded the data.
 */
export function warmUpDateFormatting(locale = 'en-US'): void {
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(0);
}

/** Resolves true when it painted the first screen, false when it left the page to the app. */
export async function paintFirstScreen({ page, container, answers, appStarted, now }: FirstPaintOptions): Promise<boolean> {
  const hash = page.location.hash;
  const route = parseRoute(hash);
  if (route.screen !== 'inbox' || route.conversationId !== undefined) return false;
  // A transport that throws leaves the screen to the app, which takes the same answers and
  // reports the failure as any call's.
  const arrived = await Promise.all([container, answers.auth, answers.settings, answers.unread, answers.list]).catch(() => null);
  if (arrived === null) return false;
  const [root, auth, settings, unread, list] = arrived;
  if (appStarted() || page.location.hash !== hash) return false;
  if (!auth.ok || !settings.ok || !list.ok) return false;
  const staff = auth.value.staff;
  if (!staff || auth.value.needsSetup || auth.value.locked || list.value.items.length === 0) return false;
  const dark = page.localStorage.getItem('frontdesk.theme') === 'dark';
  // Blueprint's dark class, as boot.tsx and useTheme set it.
  if (dark) page.document.body.classList.add('bp6-dark');
  root.innerHTML = firstScreenHtml({
    clinicName: settings.value.clinicName,
    staff,
    unread: unread.ok ? unread.value.unread : 0,
    items: list.value.items,
    hasMore: list.value.hasMore,
    where: { zone: settings.value.timeZone, locale: clinicLocale(settings.value.defaultCountry) },
    dark,
    // The rows in view plus one, as the list's first frame renders them (ConversationList).
    rows: Math.ceil(page.innerHeight / ROW_HEIGHT) + 1,
    now: now(),
  });
  return true;
}
