/**
 * The quick replies a new clinic starts with (hours, directions, parking, call back,
 * reschedule): ordinary templates of category quick_reply, so managers edit them on the
 * Templates screen. `[[…]]` marks a value the composer asks for before inserting. Seeded once
 * per database; deleting or archiving them later does not bring them back.
 */
import type { AppDb } from '../../db/database';
import { inTransaction } from '../../db/database';
import type { Clock } from '../../foundation/clock';
import { readJobState, writeJobState } from '../../repos/job-state-repo';
import { findTemplateByName, insertTemplate, insertVersion, listTemplateRows, updateTemplate } from './templates-repo';

const SEEDED_MARK = 'templates.quick_replies_seeded';

export const STARTER_QUICK_REPLIES: Array<{ name: string; sms: string; emailSubject: string }> = [
  {
    name: 'Opening hours',
    sms: '{{ clinic.name }} is open [[opening hours, e.g. Mon–Fri 8 AM–6 PM, Sat 9 AM–1 PM]].',
    emailSubject: 'Our opening hours',
  },
  {
    name: 'Directions',
    sms: 'You can find {{ clinic.name }} at [[address]]. [[how to find the entrance, e.g. Entrance on Main St, 2nd floor]].',
    emailSubject: 'How to find us',
  },
  {
    name: 'Parking',
    sms: 'Parking: [[where to park, e.g. free parking behind the building]].',
    emailSubject: 'Parking at {{ clinic.name }}',
  },
  {
    name: 'We’ll call you back',
    sms: 'Thanks for your message. We’ll call you back [[when, e.g. this afternoon]]. {{ clinic.name }}',
    emailSubject: 'We’ll call you back',
  },
  {
    name: 'Reschedule',
    sms: 'We can move your appointment to [[date, e.g. Tue 3 March]] at [[time, e.g. 10:30 AM]]. Reply YES to take it, or tell us what suits you better. {{ clinic.name }}',
    emailSubject: 'A new time for your appointment',
  },
];

export function seedStarterQuickReplies(db: AppDb, clock: Clock): void {
  inTransaction(db, () => {
    if (readJobState(db, SEEDED_MARK)) return;
    const now = clock.now();
    if (listTemplateRows(db, { category: 'quick_reply', includeArchived: true }).length === 0) {
      for (const reply of STARTER_QUICK_REPLIES) {
        if (findTemplateByName(db, reply.name)) continue;
        const row = insertTemplate(db, {
          name: reply.name,
          category: 'quick_reply',
          purpose: 'transactional',
          tags: ['starter'],
          fallbackLanguage: 'en',
          createdAt: now,
          updatedAt: now,
        });
        const version = insertVersion(db, {
          templateId: row.id,
          version: 1,
          content: { en: { sms: { body: reply.sms }, whatsapp: { body: reply.sms }, email: { subject: reply.emailSubject, body: reply.sms } } },
          note: 'Starter quick reply',
          createdBy: null,
          createdAt: now,
        });
        updateTemplate(db, row.id, { currentVersionId: version.id });
      }
    }
    writeJobState(db, SEEDED_MARK, { lastRunAt: now }, now);
  });
}
