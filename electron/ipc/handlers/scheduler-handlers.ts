import type { SecretStore, SettingsStore } from '../../foundation/ports';
import type { Scheduler } from '../../scheduler/scheduler';
import { IMAP_PASSWORD_KEY, readSchedulerSettings, writeSchedulerSettings } from '../../scheduler/scheduler-settings';
import { JOB_NAMES, type SchedulerSettingsView } from '../../../shared/contract/scheduler';
import type { HandlerGroup } from '../handler-types';

export function schedulerHandlers(
  scheduler: Scheduler,
  settings: SettingsStore,
  secrets: SecretStore,
): HandlerGroup<'scheduler.getSettings' | 'scheduler.updateSettings' | 'scheduler.jobs' | 'scheduler.runJob'> {
  const view = (): SchedulerSettingsView => {
    const s = readSchedulerSettings(settings);
    return { ...s, imap: s.imap ? { ...s.imap, hasPassword: secrets.has(IMAP_PASSWORD_KEY) } : null };
  };
  return {
    'scheduler.getSettings': () => view(),
    'scheduler.updateSettings': (input) => {
      const { imap, ...rest } = input;
      if (imap === null) secrets.delete(IMAP_PASSWORD_KEY);
      else if (imap?.password !== undefined) {
        if (imap.password === '') secrets.delete(IMAP_PASSWORD_KEY);
        else secrets.set(IMAP_PASSWORD_KEY, imap.password);
      }
      const imapValue = imap === undefined ? undefined : imap === null ? null : (({ password: _secret, ...plain }) => plain)(imap);
      writeSchedulerSettings(settings, { ...rest, ...(imapValue !== undefined ? { imap: imapValue } : {}) });
      return view();
    },
    'scheduler.jobs': () => JOB_NAMES.map((name) => ({ name, lastRunAt: scheduler.runner.lastRunAt(name) })),
    'scheduler.runJob': async (input) => {
      await scheduler.runner.runNow(input.name);
      return { lastRunAt: scheduler.runner.lastRunAt(input.name) };
    },
  };
}
