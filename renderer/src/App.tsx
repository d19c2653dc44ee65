import { AuthGate } from './auth/AuthContext';
import { AppShell } from './shell/AppShell';

export function App() {
  return (
    <AuthGate>
      <AppShell />
    </AuthGate>
  );
}
