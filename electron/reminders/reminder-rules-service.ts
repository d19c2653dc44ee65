/** Reminder rules: editing and the first-run defaults (email 2 days, SMS 24 hours, SMS 2 hours if unconfirmed). */
import type { AppDb } from '../db/database';
import { inTransaction } from '../db/database';
import type { Clock } from '../foundation/clock';
import { conflict, notFound, validationError } from '../foundation/errors';
import { messages, templates } from '../db/schema';
import { eq } from 'drizzle-orm';
import { readJobState, writeJobState } from '../repos/job-state-repo';
import {
  deleteReminderRule,
  findReminderRule,
  insertReminderRule,
  listReminderRules,
  updateReminderRule,
  type ReminderRuleRow,
} from './reminder-rules-repo';
import type { InputOf } from '../../shared/contract';
import type { ReminderRuleView } from '../../shared/contract/reminders';

const SEEDED_MARK = 'reminders.defaults_seeded';

export const DEFAULT_REMINDER_RULES = [
  { name: 'Email 2 days before', offsetMinutes: 2 * 24 * 60, channels: ['email' as const], onlyIfUnconfirmed: false },
  { name: 'SMS 24 hours before', offsetMinutes: 24 * 60, channels: ['sms' as const], onlyIfUnconfirmed: false },
  { name: 'SMS 2 hours before if unconfirmed', offsetMinutes: 2 * 60, channels: ['sms' as const], onlyIfUnconfirmed: true },
];

export function toRuleView(row: ReminderRuleRow): ReminderRuleView {
  return {
    id: row.id,
    name: row.name,
    offsetMinutes: row.offsetMinutes,
    channels: row.channels,
    templateId: row.templateId ?? null,
    onlyIfUnconfirmed: row.onlyIfUnconfirmed,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class ReminderRulesService {
  constructor(
    private readonly db: AppDb,
    private readonly clock: Clock,
  ) {}

  /** Seeds the default rules once per database; deleting them later does not bring them back. */
  seedDefaults(): void {
    inTransaction(this.db, () => {
      if (readJobState(this.db, SEEDED_MARK)) return;
      const now = this.clock.now();
      if (listReminderRules(this.db).length === 0) {
        for (const rule of DEFAULT_REMINDER_RULES) {
          insertReminderRule(this.db, { ...rule, channels: [...rule.channels], createdAt: now, updatedAt: now });
        }
      }
      writeJobState(this.db, SEEDED_MARK, { lastRunAt: now }, now);
    });
  }

  list(): ReminderRuleView[] {
    return listReminderRules(this.db).map(toRuleView);
  }

  create(input: InputOf<'reminders.createRule'>): ReminderRuleView {
    if (input.templateId != null) this.checkTemplate(input.templateId);
    const now = this.clock.now();
    const row = insertReminderRule(this.db, {
      name: input.name,
      offsetMinutes: input.offsetMinutes,
      channels: input.channels,
      templateId: input.templateId ?? null,
      onlyIfUnconfirmed: input.onlyIfUnconfirmed ?? false,
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    });
    return toRuleView(row);
  }

  update(input: InputOf<'reminders.updateRule'>): ReminderRuleView {
    const { id, ...fields } = input;
    if (!findReminderRule(this.db, id)) throw notFound('That reminder rule');
    if (fields.templateId != null) this.checkTemplate(fields.templateId);
    const row = updateReminderRule(this.db, id, { ...fields, updatedAt: this.clock.now() });
    if (!row) throw notFound('That reminder rule');
    return toRuleView(row);
  }

  /** A rule that already produced messages stays in the history: it can be disabled, not deleted. */
  delete(id: number): { deleted: boolean } {
    const used = this.db.select({ id: messages.id }).from(messages).where(eq(messages.reminderRuleId, id)).limit(1).get();
    if (used) throw conflict('This rule has already sent reminders; disable it instead of deleting it');
    return { deleted: deleteReminderRule(this.db, id) };
  }

  private checkTemplate(templateId: number): void {
    const template = this.db.select({ id: templates.id, archived: templates.archived }).from(templates).where(eq(templates.id, templateId)).get();
    if (!template) throw validationError('That template does not exist', [{ path: 'templateId', message: 'Unknown template' }]);
    if (template.archived) throw validationError('That template is archived', [{ path: 'templateId', message: 'Archived template' }]);
  }
}
