/** The list of screens on the left; Alt+1…7 jump to them. */
import { Menu, MenuItem, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useMemo } from 'react';
import { navigate, type ScreenName } from './route';
import { SCREENS } from './screens';
import { useAuth } from '../auth/AuthContext';
import { canBroadcast } from '../screens/broadcasts/RoleGate';

export function SideNav({ current }: { current: ScreenName }) {
  const hotkeys = useMemo<HotkeyConfig[]>(
    () =>
      SCREENS.map((entry) => ({
        combo: `alt+${entry.key}`,
        global: true,
        group: 'Go to',
        label: entry.label,
        onKeyDown: () => navigate({ screen: entry.screen }),
        allowInInput: true,
      })),
    [],
  );
  useHotkeys(hotkeys);
  const { staff } = useAuth();
  const shown = SCREENS.filter((entry) => !entry.managerOnly || canBroadcast(staff.role));

  return (
    <nav className="fd-sidenav" aria-label="Screens">
      <Menu large>
        {shown.map((entry) => (
          <MenuItem
            key={entry.screen}
            icon={entry.icon}
            text={entry.label}
            label={`Alt+${entry.key}`}
            active={entry.screen === current}
            href={`#/${entry.screen}`}
            data-testid={`nav-${entry.screen}`}
            aria-current={entry.screen === current ? 'page' : undefined}
          />
        ))}
      </Menu>
    </nav>
  );
}
