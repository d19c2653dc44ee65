import type { ImportService } from '../../import/import-service';
import type { WatchedFolder } from '../../import/watched-folder';
import type { ExportService } from '../../export/export-service';
import { actorId, type HandlerGroup } from '../handler-types';

export function importHandlers(
  imports: ImportService,
  watched: WatchedFolder,
  exports: ExportService,
): HandlerGroup<
  | 'import.preview'
  | 'import.dryRun'
  | 'import.fhirDryRun'
  | 'import.apply'
  | 'import.cancel'
  | 'importSettings.get'
  | 'importSettings.update'
  | 'export.patients'
  | 'export.appointments'
  | 'export.messages'
  | 'export.patientMessages'
  | 'export.fhir'
> {
  const settingsView = () => ({ settings: watched.settings(), lastWatchedResult: watched.lastResult() });
  return {
    'import.preview': (input) => imports.preview(input),
    'import.dryRun': (input, ctx) =>
      imports.dryRun({ ...input, cancelAbsent: input.options?.cancelAbsent ?? false }, actorId(ctx)),
    'import.fhirDryRun': (input, ctx) =>
      imports.fhirDryRun({ ...input, cancelAbsent: input.options?.cancelAbsent ?? false }, actorId(ctx)),
    'import.apply': (input, ctx) => imports.apply(input.jobId, actorId(ctx)),
    'import.cancel': (input) => ({ cancelled: imports.cancel(input.jobId) }),
    'importSettings.get': () => settingsView(),
    'importSettings.update': (input) => {
      watched.update(input);
      return settingsView();
    },
    'export.patients': (input, ctx) => exports.patients(actorId(ctx), input),
    'export.appointments': (input, ctx) => exports.appointments(actorId(ctx), input),
    'export.messages': (_input, ctx) => exports.messages(actorId(ctx)),
    'export.patientMessages': (input, ctx) => exports.messages(actorId(ctx), input.patientId),
    'export.fhir': (_input, ctx) => exports.fhir(actorId(ctx)),
  };
}
