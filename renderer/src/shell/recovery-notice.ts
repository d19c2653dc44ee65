/**
 * After main reloaded the window because its page crashed or hung, the page URL carries
 * `?recovered=crashed|unresponsive`. Read once at start, removed from the address, and turned
 * into the toast that tells staff what happened.
 */
const PARAM = 'recovered';

const MESSAGES: Record<string, string> = {
  crashed: 'Frontdesk’s window stopped working and was reloaded. Nothing queued was lost; check any message you were typing.',
  unresponsive: 'Frontdesk’s window stopped responding and was reloaded. Nothing queued was lost; check any message you were typing.',
};

/** The notice to show for a URL, and the URL without the parameter. */
export function readRecoveryNotice(href: string): { message: string | null; cleanUrl: string } {
  const url = new URL(href);
  const reason = url.searchParams.get(PARAM);
  if (reason === null) return { message: null, cleanUrl: href };
  url.searchParams.delete(PARAM);
  return { message: MESSAGES[reason] ?? MESSAGES.crashed ?? null, cleanUrl: url.toString() };
}

export function takeRecoveryNotice(): string | null {
  const { message, cleanUrl } = readRecoveryNotice(window.location.href);
  if (cleanUrl !== window.location.href) window.history.replaceState(window.history.state, '', cleanUrl);
  return message;
}
