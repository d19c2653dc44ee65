/** Settings: the clinic profile and staff accounts. Only admins may change them. */
import { Callout, H2, Intent, Tab, Tabs } from '@blueprintjs/core';
import { useState } from 'react';
import { useAuth } from '../../auth/AuthContext';
import { ClinicSettingsForm } from './ClinicSettingsForm';
import { StaffAccounts } from './StaffAccounts';

type TabId = 'clinic' | 'staff';

export function SettingsScreen() {
  const { staff } = useAuth();
  const [tab, setTab] = useState<TabId>('clinic');
  const isAdmin = staff.role === 'admin';
  return (
    <div className="fd-screen" data-testid="screen-settings">
      <div className="fd-screen-header">
        <H2>Settings</H2>
      </div>
      {!isAdmin && (
        <Callout intent={Intent.PRIMARY} className="fd-callout" data-testid="settings-read-only">
          Only an administrator can change settings and staff accounts.
        </Callout>
      )}
      <Tabs id="settings-tabs" selectedTabId={tab} onChange={(id) => setTab(id === 'staff' ? 'staff' : 'clinic')} large>
        <Tab id="clinic" title="Clinic" panel={<ClinicSettingsForm readOnly={!isAdmin} />} data-testid="tab-clinic" />
        <Tab id="staff" title="Staff accounts" panel={<StaffAccounts isAdmin={isAdmin} currentStaffId={staff.id} />} data-testid="tab-staff" />
      </Tabs>
      <Callout className="fd-callout fd-gap-top" icon="info-sign">
        Reminder rules, providers and keywords arrive with the delivery engine and the scheduler.
      </Callout>
    </div>
  );
}
