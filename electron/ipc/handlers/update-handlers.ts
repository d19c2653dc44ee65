import type { UpdatesPort } from '../../foundation/ports';
import type { HandlerGroup } from '../handler-types';

export function updateHandlers(updates: UpdatesPort): HandlerGroup<'updates.status' | 'updates.restart'> {
  return {
    'updates.status': () => updates.status(),
    'updates.restart': () => {
      updates.restartToUpdate();
      return { restarting: true };
    },
  };
}
