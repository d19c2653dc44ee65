/**
 * Shared set-up for browser tests and benchmarks that start already signed in: the page's HTTP
 * session id is fixed before the app loads (sessionStorage, as the app's own client keeps it), and
 * accounts are created through the same call registry the page uses, on that session. Also
 * `invoke` for seeding data through real calls.
 */
import type { Page } from 'playwright-core';
import type { DevServer } from '../electron/dev/dev-server';
import type { CallName, InputOf, OutputOf } from '../shared/contract';

/** sessionStorage key of the renderer's HTTP session id (renderer/src/ipc/http-session.ts). */
const SESSION_STORAGE_KEY = 'frontdesk.session';

export interface Account {
  username: string;
  displayName: string;
  password: string;
}

export const ADMIN: Account = { username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' };

/** A call on the given HTTP session, exactly as the page would make it. */
export async function invoke<N extends CallName>(server: DevServer, sessionId: string, name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const result = await server.core.registry.invoke(name, input, {
    sessionKey: `http:${sessionId}`,
    sender: { transport: 'http', url: server.origin, isMainFrame: true },
  });
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<N>;
}

/** Makes every page load in `page` use `sessionId` as its HTTP session. */
export async function pinSession(page: Page, sessionId: string): Promise<void> {
  // A string script: this file is type-checked without the DOM library.
  await page.addInitScript(`window.sessionStorage.setItem(${JSON.stringify(SESSION_STORAGE_KEY)}, ${JSON.stringify(sessionId)});`);
}

/**
 * First run through calls: creates the admin on `adminSession`; with `as`, also creates that
 * account (e.g. a receptionist) and signs it in on `asSession`. Returns the signed-in session
 * to pin on the page.
 */
export async function setUpAccounts(
  server: DevServer,
  options: { adminSession?: string; as?: Account & { role: 'receptionist' | 'manager' | 'admin' }; asSession?: string } = {},
): Promise<{ sessionId: string; adminSession: string }> {
  const adminSession = options.adminSession ?? 'admin-session';
  await invoke(server, adminSession, 'auth.setupAdmin', { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password });
  if (!options.as) return { sessionId: adminSession, adminSession };
  const { role, ...account } = options.as;
  await invoke(server, adminSession, 'staff.create', { ...account, role });
  const sessionId = options.asSession ?? `${account.username}-session`;
  await invoke(server, sessionId, 'auth.signIn', { username: account.username, password: account.password });
  return { sessionId, adminSession };
}

/**
 * A fixed-offset zone where the local hour is exactly `hour` now (the offsets from -12 to +14
 * cover every hour): puts a patient inside or outside quiet hours. Exactly, not within one: a
 * test that moves the clock from a quiet zone's 2 a.m. to its 8 a.m. would otherwise, at some
 * times of day, carry a day zone's 1 p.m. to 9 p.m., into its own quiet hours.
 */
export function zoneWhereHourIs(hour: number, now: Date = new Date()): string {
  for (let offset = -12; offset <= 14; offset++) {
    const local = (now.getUTCHours() + offset + 24) % 24;
    if (local === hour) return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  }
  throw new Error(`no zone at hour ${hour}`);
}
