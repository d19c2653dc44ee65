import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './route';

describe('hash routes', () => {
  it('round-trips every screen', () => {
    const routes: Route[] = [
      { screen: 'inbox' },
      { screen: 'inbox', conversationId: 7 },
      { screen: 'inbox', conversationId: 7, messageId: 340 },
      { screen: 'patients' },
      { screen: 'patients', patientId: 12 },
      { screen: 'appointments' },
      { screen: 'appointments', date: '2030-03-14' },
      { screen: 'templates' },
      { screen: 'broadcasts' },
      { screen: 'settings' },
      { screen: 'dashboard' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('falls back to patients for anything unknown or malformed', () => {
    expect(parseRoute('')).toEqual({ screen: 'patients' });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'patients' });
    expect(parseRoute('#/patients/abc')).toEqual({ screen: 'patients' });
    expect(parseRoute('#/patients/-3')).toEqual({ screen: 'patients' });
    expect(parseRoute('#/appointments/14-03-2030')).toEqual({ screen: 'appointments' });
  });
});
