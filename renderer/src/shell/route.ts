/**
 * Where the user is, kept in the URL hash (`#/patients/12`) so a reload lands on the same screen.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'inbox' }
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
    case 'inbox':
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
  if (route.screen === 'appointments' && route.date) return `#/appointments/${route.date}`;
  return `#/${route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
