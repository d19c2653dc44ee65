/** The navbar: clinic name, who is signed in, theme toggle and sign out. */
import { Alignment, Button, HotkeysContext, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, Tag } from '@blueprintjs/core';
import { useContext } from 'react';
import { useAuth } from '../auth/AuthContext';
import { useClinic } from '../lib/ClinicContext';
import type { Theme } from './useTheme';
import { EngineStatusTag } from './EngineStatusTag';
import { CoreStatusTag } from './CoreStatusTag';

export function TopBar({ theme, onToggleTheme }: { theme: Theme; onToggleTheme(): void }) {
  const { staff, signOut } = useAuth();
  const { settings } = useClinic();
  const [, hotkeys] = useContext(HotkeysContext);
  return (
    <Navbar className="fd-navbar">
      <NavbarGroup align={Alignment.START}>
        <NavbarHeading className="fd-brand">Frontdesk</NavbarHeading>
        <NavbarDivider />
        <span data-testid="clinic-name">{settings.clinicName}</span>
      </NavbarGroup>
      <NavbarGroup align={Alignment.END}>
        <CoreStatusTag />
        <EngineStatusTag />
        <NavbarDivider />
        <span data-testid="signed-in-as">{staff.displayName}</span>
        <Tag minimal className="fd-gap-left">
          {staff.role}
        </Tag>
        <NavbarDivider />
        <Button variant="minimal" icon="key-command" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => hotkeys({ type: 'OPEN_DIALOG' })} data-testid="show-shortcuts" />
        <Button
          variant="minimal"
          icon={theme === 'dark' ? 'flash' : 'moon'}
          aria-label={theme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          onClick={onToggleTheme}
          data-testid="theme-toggle"
        />
        <Button variant="minimal" icon="log-out" text="Sign out" onClick={() => void signOut()} data-testid="sign-out" />
      </NavbarGroup>
    </Navbar>
  );
}
