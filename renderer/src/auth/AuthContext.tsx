/**
 * Who is signed in, and whether the app is locked. Owns `auth.state` and decides between the
 * first-run setup, the sign-in form and the app itself (with the lock overlay over it).
 */
import { Button, NonIdealState, Spinner } from '@blueprintjs/core';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StaffView } from '../../../shared/domain';
import { useApi } from '../ipc/ApiContext';
import { useQuery } from '../ipc/useQuery';
import { ErrorCallout } from '../forms/ErrorCallout';
import { SetupAdminForm } from './SetupAdminForm';
import { SignInForm } from './SignInForm';
import { LockOverlay } from './LockOverlay';
import { useIdleLock } from './useIdleLock';
import { navigate } from '../navigation/route';

interface AuthValue {
  staff: StaffView;
  signOut(): Promise<void>;
  /** Reads `auth.state` again (e.g. after the idle-lock minutes changed). */
  refresh(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() used outside the signed-in app');
  return value;
}

export function AuthGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const state = useQuery('auth.state', {}, { refreshOn: ['auth.changed'] });
  const { reload } = state;
  const [lockedHere, setLockedHere] = useState(false);
  const [signOutError, setSignOutError] = useState<string | undefined>(undefined);

  useEffect(
    () =>
      api.onCallError((name, error) => {
        if (error.code === 'locked') setLockedHere(true);
        else if (error.code === 'unauthenticated' && !name.startsWith('auth.')) reload();
      }),
    [api, reload],
  );

  const signOut = useCallback(async () => {
    const result = await api.call('auth.signOut', {});
    if (result.ok) {
      setSignOutError(undefined);
      setLockedHere(false);
      // The next person to sign in starts at the patient search, not on the last patient viewed.
      navigate({ screen: 'patients' });
    } else {
      setSignOutError(result.error.message);
    }
    reload();
  }, [api, reload]);

  const auth = state.value;
  const signedIn = Boolean(auth?.staff) && !auth?.needsSetup;
  const locked = signedIn && (lockedHere || Boolean(auth?.locked));
  useIdleLock({ enabled: signedIn && !locked, idleLockMinutes: auth?.idleLockMinutes ?? 10, onIdle: () => setLockedHere(true) });

  if (!auth) {
    if (state.error) {
      return (
        <div className="fd-centered" data-testid="auth-error">
          <ErrorCallout error={state.error} title="Frontdesk could not start" />
          <Button text="Try again" icon="refresh" onClick={reload} className="fd-gap-top" />
        </div>
      );
    }
    return <NonIdealState icon={<Spinner />} title="Starting Frontdesk…" />;
  }
  if (auth.needsSetup) return <SetupAdminForm onDone={reload} />;
  if (!auth.staff) return <SignInForm onDone={reload} />;

  return (
    <AuthContext.Provider value={{ staff: auth.staff, signOut, refresh: reload }}>
      <div className={locked ? 'fd-app fd-app-locked' : 'fd-app'} aria-hidden={locked || undefined}>
        {signOutError && <ErrorCallout error={{ code: 'internal', message: signOutError }} title="Signing out failed" />}
        {children}
      </div>
      {locked && (
        <LockOverlay
          staff={auth.staff}
          onUnlocked={() => {
            setLockedHere(false);
            reload();
          }}
          onSignOut={signOut}
        />
      )}
    </AuthContext.Provider>
  );
}
