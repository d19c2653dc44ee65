/**
 * Credentials of the HTTP dev transport: the token arrives once in the page URL (`?token=`), is
 * kept in sessionStorage and removed from the address bar; the client id identifies this tab's
 * session on the server.
 */
const TOKEN_KEY = 'frontdesk.token';
const SESSION_KEY = 'frontdesk.session';

export function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function sessionClientId(): string {
  const existing = sessionStorage.getItem(SESSION_KEY);
  if (existing) return existing;
  const created = crypto.randomUUID();
  sessionStorage.setItem(SESSION_KEY, created);
  return created;
}
