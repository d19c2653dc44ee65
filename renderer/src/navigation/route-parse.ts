/**
 * Where the user is, kept in the URL hash (`#/patients/12`) so a reload lands on the same screen.
 * Reading and writing the hash only, without React: the entry script reads it to know what to
 * prefetch before the app's code has loaded.
 */

export type Route =
  | { screen: 'inbox'; conversationId?: number; messageId?: number }
  | { screen: 'patients'; patientId?: number }
  | { screen: 'appointments'; date?: string }
  | { screen: 'templates' }
  | { screen: 'broadcasts' }
  | { screen: 'settings' }
  | { screen: 'dashboard' }
  | { screen: 'import' };

export type ScreenName = Route['screen'];

export function parseRoute(hash: string): Route {
  const [screen, arg] = hash.replace(/^#\/?/, '').split('/');
  switch (screen) {
    case 'inbox': {
      // #/inbox/12 opens conversation 12; #/inbox/12/340 also scrolls to message 340.
      const id = Number(arg);
      const message = Number(hash.replace(/^#\/?/, '').split('/')[2]);
      if (!Number.isInteger(id) || id <= 0) return { screen };
      return Number.isInteger(message) && message > 0 ? { screen, conversationId: id, messageId: message } : { screen, conversationId: id };
    }
    case 'templates':
    case 'broadcasts':
    case 'settings':
    case 'dashboard':
    case 'import':
      return { screen };
    case 'appointments':
      return arg && /^\d{4}-\d{2}-\d{2}$/.test(arg) ? { screen, date: arg } : { screen };
    case 'patients': {
      const id = Number(arg);
      return Number.isInteger(id) && id > 0 ? { screen, patientId: id } : { screen };
    }
    default:
      return { screen: 'patients' };
  }
}

export function routeHash(route: Route): string {
  if (route.screen === 'patients' && route.patientId) return `#/patients/${route.patientId}`;
  if (route.screen === 'inbox' && route.conversationId) return `#/inbox/${route.conversationId}${route.messageId ? `/${route.messageId}` : ''}`;
  if (route.screen === 'appointments' && route.date) return `#/appointments/${route.date}`;
  return `#/${route.screen}`;
}

