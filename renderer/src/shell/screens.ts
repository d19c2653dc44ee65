import type { IconName } from '@blueprintjs/core';
import type { ScreenName } from '../navigation/route';

export interface ScreenEntry {
  screen: ScreenName;
  label: string;
  icon: IconName;
  /** Alt+<key> jumps to the screen. */
  key: string;
  /** Shown only to managers and admins (the calls behind it need the manager role). */
  managerOnly?: boolean;
}

export const SCREENS: ScreenEntry[] = [
  { screen: 'inbox', label: 'Inbox', icon: 'inbox', key: '1' },
  { screen: 'patients', label: 'Patients', icon: 'people', key: '2' },
  { screen: 'appointments', label: 'Appointments', icon: 'calendar', key: '3' },
  { screen: 'templates', label: 'Templates', icon: 'document', key: '4' },
  { screen: 'broadcasts', label: 'Broadcasts', icon: 'feed', key: '5', managerOnly: true },
  { screen: 'dashboard', label: 'Dashboard', icon: 'dashboard', key: '6' },
  { screen: 'settings', label: 'Settings', icon: 'cog', key: '7' },
  { screen: 'import', label: 'Import / export', icon: 'import', key: '8', managerOnly: true },
];
