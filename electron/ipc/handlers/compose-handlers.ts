/** Thin handlers for the composer's look-ahead (shared/contract/compose.ts). */
import type { AppDb } from '../../db/database';
import type { Clock } from '../../foundation/clock';
import type { ClinicSettings } from '../../../shared/domain';
import { checkMessage } from '../../services/message-check';
import type { HandlerGroup } from '../handler-types';

export function composeHandlers(db: AppDb, clock: Clock, clinic: () => ClinicSettings): HandlerGroup<'messages.check'> {
  return {
    'messages.check': (input) => checkMessage(db, input, clinic(), clock.now()),
  };
}
