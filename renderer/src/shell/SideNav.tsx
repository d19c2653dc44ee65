/** The list of screens on the left; Alt+<digit> jumps to them. */
import { Intent, Menu, MenuItem, Tag, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { useMemo } from 'react';
import { navigate, type ScreenName } from '../navigation/route';
import { SCREENS } from './screens';
import { useAuth } from '../auth/AuthContext';
import { canBroadcast } from '../screens/broadcasts/RoleGate';
import { useUnreadTotal } from '../lib/UnreadContext';

export function SideNav({ current }: { current: ScreenName }) {
  const { staff } = useAuth();
  const unread = useUnreadTotal();
  const mayManage = canBroadcast(staff.role);
  const shown = useMemo(() => SCREENS.filter((entry) => !entry.managerOnly || mayManage), [mayManage]);
  // Only the screens this staff member sees get an Alt+<key> shortcut.
  const hotkeys = useMemo<HotkeyConfig[]>(
    () =>
      shown.map((entry) => ({
        combo: `alt+${entry.key}`,
        global: true,
        group: 'Go to',
        label: entry.label,
        onKeyDown: () => navigate({ screen: entry.screen }),
        allowInInput: true,
      })),
    [shown],
  );
  useHotkeys(hotkeys);

  return (
    <nav className="fd-sidenav" aria-label="Screens">
      <Menu large>
        {shown.map((entry) => (
          <MenuItem
            key={entry.screen}
            icon={entry.icon}
            text={
              entry.screen === 'inbox' && unread > 0 ? (
                <span className="fd-nav-text">
                  {entry.label}
                  <Tag round intent={Intent.PRIMARY} className="fd-nav-badge" data-testid="nav-unread" aria-label={`${unread} unread`}>
                    {unread}
                  </Tag>
                </span>
              ) : (
                entry.label
              )
            }
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
