import type { BroadcastsService } from '../../broadcasts/broadcasts-service';
import { actorId, type HandlerGroup } from '../handler-types';

type BroadcastCall =
  | 'broadcasts.list'
  | 'broadcasts.get'
  | 'broadcasts.previewAudience'
  | 'broadcasts.createDraft'
  | 'broadcasts.updateDraft'
  | 'broadcasts.approve'
  | 'broadcasts.pause'
  | 'broadcasts.resume'
  | 'broadcasts.cancel'
  | 'broadcasts.recipients'
  | 'broadcasts.timeline'
  | 'broadcasts.exportCsv'
  | 'broadcasts.listAudiences'
  | 'broadcasts.saveAudience'
  | 'broadcasts.deleteAudience';

export function broadcastsHandlers(broadcasts: BroadcastsService): HandlerGroup<BroadcastCall> {
  return {
    'broadcasts.list': (input) => broadcasts.list(input.status),
    'broadcasts.get': (input) => broadcasts.get(input.id),
    'broadcasts.previewAudience': (input) => broadcasts.previewAudience(input),
    'broadcasts.createDraft': (input, ctx) => broadcasts.createDraft(input, actorId(ctx)),
    'broadcasts.updateDraft': (input) => broadcasts.updateDraft(input),
    'broadcasts.approve': (input, ctx) => broadcasts.approve(input, actorId(ctx)),
    'broadcasts.pause': (input) => broadcasts.pause(input.id),
    'broadcasts.resume': (input) => broadcasts.resume(input.id),
    'broadcasts.cancel': (input) => broadcasts.cancel(input.id),
    'broadcasts.recipients': (input) => broadcasts.recipients(input),
    'broadcasts.timeline': (input) => broadcasts.timeline(input),
    'broadcasts.exportCsv': (input, ctx) => broadcasts.exportCsv(input.id, actorId(ctx)),
    'broadcasts.listAudiences': () => broadcasts.listAudiences(),
    'broadcasts.saveAudience': (input, ctx) => broadcasts.saveAudience(input, actorId(ctx)),
    'broadcasts.deleteAudience': (input) => broadcasts.deleteAudience(input.id),
  };
}
