/**
 * Where the user is, kept in the URL hash (`#/patients/12`) so a reload lands on the same screen.
 */
import { useSyncExternalStore } from 'react';
import { parseRoute, routeHash, type Route } from './route-parse';

export { parseRoute, routeHash, type Route, type ScreenName } from './route-parse';

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
