/** The signed-in app: navbar, side navigation and the current screen. */
import { HotkeysProvider } from '@blueprintjs/core';
import { ClinicProvider } from '../lib/ClinicContext';
import { useRoute, type Route } from '../navigation/route';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { UpdateBanner } from './UpdateBanner';
import { ScreenErrorBoundary } from './ScreenErrorBoundary';
import { useTheme } from './useTheme';
import { GoToHotkeys } from '../hotkeys/GoToHotkeys';
import { EscapeLeavesField } from '../hotkeys/EscapeLeavesField';
import { InboxScreen } from '../screens/inbox/InboxScreen';
import { lazyScreen } from './lazy-screen';
import { UnreadProvider } from '../lib/UnreadContext';
import { NewMessageToasts } from './NewMessageToasts';

// The inbox opens first and is in the main bundle; every other screen loads when first shown, so
// the app's start parses only what the inbox needs.
const PatientsScreen = lazyScreen(() => import('../screens/patients/PatientsScreen').then((m) => m.PatientsScreen));
const AppointmentsDayScreen = lazyScreen(() => import('../screens/appointments/AppointmentsDayScreen').then((m) => m.AppointmentsDayScreen));
const SettingsScreen = lazyScreen(() => import('../screens/settings/SettingsScreen').then((m) => m.SettingsScreen));
const DashboardScreen = lazyScreen(() => import('../screens/dashboard/DashboardScreen').then((m) => m.DashboardScreen));
const TemplatesScreen = lazyScreen(() => import('../screens/templates/TemplatesScreen').then((m) => m.TemplatesScreen));
const BroadcastsScreen = lazyScreen(() => import('../screens/broadcasts/BroadcastsScreen').then((m) => m.BroadcastsScreen));
const ImportScreen = lazyScreen(() => import('../screens/import/ImportScreen').then((m) => m.ImportScreen));

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
