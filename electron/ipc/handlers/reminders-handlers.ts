import type { ReminderRulesService } from '../../reminders/reminder-rules-service';
import type { HandlerGroup } from '../handler-types';

export function remindersHandlers(
  rules: ReminderRulesService,
): HandlerGroup<'reminders.listRules' | 'reminders.createRule' | 'reminders.updateRule' | 'reminders.deleteRule'> {
  return {
    'reminders.listRules': () => rules.list(),
    'reminders.createRule': (input) => rules.create(input),
    'reminders.updateRule': (input) => rules.update(input),
    'reminders.deleteRule': (input) => rules.delete(input.id),
  };
}
