/** The signed-in app: navbar, side navigation and the current screen. */
import { HotkeysProvider } from '@blueprintjs/core';
import { ClinicProvider } from '../lib/ClinicContext';
import { useRoute, type Route } from './route';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { UpdateBanner } from './UpdateBanner';
import { ScreenErrorBoundary } from './ScreenErrorBoundary';
import { useTheme } from './useTheme';
import { GoToHotkeys } from '../hotkeys/GoToHotkeys';
import { EscapeLeavesField } from '../hotkeys/EscapeLeavesField';
import { PatientsScreen } from '../screens/patients/PatientsScreen';
import { AppointmentsDayScreen } from '../screens/appointments/AppointmentsDayScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { InboxScreen } from '../screens/inbox/InboxScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { TemplatesScreen } from '../screens/templates/TemplatesScreen';
import { BroadcastsScreen } from '../screens/broadcasts/BroadcastsScreen';
import { ImportScreen } from '../screens/import/ImportScreen';
import { UnreadProvider } from './UnreadContext';
import { NewMessageToasts } from './NewMessageToasts';

function CurrentScreen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'inbox':
      return <InboxScreen conversationId={route.conversationId} messageId={route.messageId} />;
    case 'templates':
      return <TemplatesScreen />;
    case 'broadcasts':
      return <BroadcastsScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'import':
      return <ImportScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'appointments':
      return <AppointmentsDayScreen date={route.date} />;
    case 'patients':
      return <PatientsScreen patientId={route.patientId} />;
  }
}

export function AppShell() {
  const route = useRoute();
  const { theme, toggle } = useTheme();
  return (
    <HotkeysProvider dialogProps={{ title: 'Keyboard shortcuts on this screen', className: 'fd-hotkeys-dialog' }}>
      <GoToHotkeys />
      <EscapeLeavesField />
      <ClinicProvider>
        <UnreadProvider>
        <NewMessageToasts />
        <div className="fd-shell">
          <TopBar theme={theme} onToggleTheme={toggle} />
          <UpdateBanner />
          <div className="fd-body">
            <SideNav current={route.screen} />
            <main className="fd-main">
              <ScreenErrorBoundary screen={route.screen}>
                <CurrentScreen route={route} />
              </ScreenErrorBoundary>
            </main>
          </div>
        </div>
        </UnreadProvider>
      </ClinicProvider>
    </HotkeysProvider>
  );
}
