import type { TemplatesService } from '../../services/templates/templates-service';
import { actorId, type HandlerGroup } from '../handler-types';

export function templateHandlers(
  templates: TemplatesService,
): HandlerGroup<
  | 'templates.list'
  | 'templates.get'
  | 'templates.create'
  | 'templates.saveVersion'
  | 'templates.rollback'
  | 'templates.archive'
  | 'templates.validate'
  | 'templates.preview'
> {
  return {
    'templates.list': (input) => templates.list(input),
    'templates.get': (input) => templates.get(input.id),
    'templates.create': (input, ctx) => templates.create(input, actorId(ctx)),
    'templates.saveVersion': (input, ctx) => templates.saveVersion(input, actorId(ctx)),
    'templates.rollback': (input, ctx) => templates.rollback(input, actorId(ctx)),
    'templates.archive': (input) => templates.archive(input),
    'templates.validate': (input) => templates.validate(input),
    'templates.preview': (input) => templates.preview(input),
  };
}
