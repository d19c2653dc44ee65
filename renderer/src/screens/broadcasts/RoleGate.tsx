/** Broadcasts need the manager role: anyone below sees why instead of the composer. */
import { NonIdealState } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { roleAllows } from '../../../../shared/ipc/roles';
import { useAuth } from '../../auth/AuthContext';

export function canBroadcast(role: Parameters<typeof roleAllows>[0]): boolean {
  return roleAllows(role, 'manager');
}

export function ManagerOnly({ children }: { children: ReactNode }) {
  const { staff } = useAuth();
  if (!canBroadcast(staff.role)) {
    return (
      <div className="fd-screen" data-testid="broadcasts-needs-manager">
        <NonIdealState
          icon="lock"
          title="Broadcasts need the manager role"
          description={`You are signed in as ${staff.displayName} (${staff.role}). Ask a clinic manager to send a broadcast, or to change your role in Settings → Staff.`}
        />
      </div>
    );
  }
  return <>{children}</>;
}
