import type { AppDb } from '../../db/database';
import { listAudit } from '../../repos/audit-repo';
import type { ClinicSettingsService } from '../../services/clinic-settings';
import type { HandlerGroup } from '../handler-types';

export function settingsHandlers(
  db: AppDb,
  settings: ClinicSettingsService,
): HandlerGroup<'settings.get' | 'settings.update' | 'audit.list'> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (input) => settings.update(input),
    'audit.list': (input) => listAudit(db, { beforeId: input.beforeId, limit: input.limit ?? 100 }),
  };
}
