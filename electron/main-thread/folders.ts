/** Opens Frontdesk's own folders (logs, data) in the system file manager, for support calls. */
import { shell } from 'electron';
import type { Logger } from '../foundation/logger';

export function openFolder(folder: string, logger: Logger): void {
  shell
    .openPath(folder)
    .then((problem) => {
      // openPath resolves with an error message rather than rejecting.
      if (problem) logger.error('could not open folder', { folder, problem });
    })
    .catch((error: unknown) => logger.error('could not open folder', { folder, error }));
}
