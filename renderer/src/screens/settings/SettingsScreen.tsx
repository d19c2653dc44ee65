/** Settings: the clinic profile and staff accounts. Only admins may change them. */
import { Callout, H2, Intent, Tab, Tabs } from '@blueprintjs/core';
import { useState } from 'react';
import { useAuth } from '../../auth/AuthContext';
import { ClinicSettingsForm } from './ClinicSettingsForm';
import { StaffAccounts } from './StaffAccounts';
import { ReminderRules } from './ReminderRules';
import { AuditLog } from './AuditLog';
import { ProviderSettings } from './ProviderSettings';
import { MessagingSettings } from './MessagingSettings';

const TABS = ['clinic', 'reminders', 'messaging', 'providers', 'staff', 'audit'] as const;
type TabId = (typeof TABS)[number];

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
          Only an administrator can change the clinic settings and staff accounts.
        </Callout>
      )}
      <Tabs id="settings-tabs" selectedTabId={tab} onChange={(id) => setTab(TABS.find((t) => t === id) ?? 'clinic')} large>
        <Tab id="clinic" title="Clinic" panel={<ClinicSettingsForm readOnly={!isAdmin} />} data-testid="tab-clinic" />
        <Tab id="reminders" title="Reminder rules" panel={<ReminderRules />} data-testid="tab-reminders" />
        <Tab id="messaging" title="Messaging" panel={<MessagingSettings />} data-testid="tab-messaging" />
        <Tab id="providers" title="Providers" panel={<ProviderSettings />} data-testid="tab-providers" />
        <Tab id="staff" title="Staff accounts" panel={<StaffAccounts isAdmin={isAdmin} currentStaffId={staff.id} />} data-testid="tab-staff" />
        <Tab id="audit" title="Audit log" panel={<AuditLog />} data-testid="tab-audit" />
      </Tabs>
    </div>
  );
}
