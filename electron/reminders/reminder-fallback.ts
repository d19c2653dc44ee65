/**
 * Channel fallback for reminders (DESIGN rule 5, issue item 7). Reminders are queued on an
 * explicit channel (the rule's), for which the engine does not fall back by itself; so when a
 * reminder was refused on its channel, or its delivery ended failed/undelivered (a voice call
 * that got no-answer/busy/failed, an SMS to a dead number), this job queues it once on the
 * rule's next channel, while the appointment is still upcoming at the same revision.
 */
import { and, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database';
import { appointments, patients, reminderSends } from '../db/schema';
import type { Logger } from '../foundation/logger';
import type { MessagingPort } from '../engine/messaging-port';
import type { Channel } from '../../shared/domain';
import { zoneOr } from '../../shared/time-zone';
import { findReminderRule } from './reminder-rules-repo';
import { patientAddress } from './contact-lookup';
import { reminderText } from './reminder-text';
import type { ClinicInfo } from './reminder-planner';

const LOOKBACK_MS = 3 * 24 * 60 * 60_000;
const FAILED = new Set(['failed', 'undelivered']);

export function planReminderFallbacks(deps: { db: AppDb; messaging: MessagingPort; clinic: () => ClinicInfo; logger: Logger }, now: number): number {
  const { db } = deps;
  const rows = db
    .select({
      ruleId: reminderSends.ruleId,
      appointmentId: reminderSends.appointmentId,
      rev: reminderSends.scheduleRevision,
      channel: reminderSends.channel,
      messageId: reminderSends.messageId,
      outcome: reminderSends.outcome,
      patientId: appointments.patientId,
      startsAt: appointments.startsAt,
      clinician: appointments.clinician,
      location: appointments.location,
      firstName: patients.firstName,
      timeZone: patients.timeZone,
    })
    .from(reminderSends)
    .innerJoin(appointments, and(eq(appointments.id, reminderSends.appointmentId), eq(appointments.scheduleRevision, reminderSends.scheduleRevision)))
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(
      and(
        gt(reminderSends.createdAt, now - LOOKBACK_MS),
        gt(appointments.startsAt, now),
        inArray(appointments.status, ['booked', 'confirmed']),
        isNotNull(reminderSends.channel),
        sql`${reminderSends.outcome} in ('refused', 'queued', 'duplicate')`,
      ),
    )
    .all();

  // One decision per reminder message (a group shares it); a refused one stands alone.
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = r.messageId !== null ? `m${r.messageId}` : `a${r.ruleId}:${r.appointmentId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let queued = 0;
  const clinic = deps.clinic();
  for (const members of groups.values()) {
    members.sort((a, b) => a.startsAt - b.startsAt || a.appointmentId - b.appointmentId);
    const lead = members[0];
    if (!lead?.channel) continue;
    const rule = findReminderRule(db, lead.ruleId);
    if (!rule?.enabled) continue;
    const rest = rule.channels.slice(rule.channels.indexOf(lead.channel) + 1);
    if (rest.length === 0) continue;
    let failed = lead.outcome === 'refused';
    if (!failed && lead.messageId !== null) {
      const deliveries = deps.messaging.deliveryStatus({ messageId: lead.messageId });
      failed = deliveries.length > 0 && deliveries.every((d) => FAILED.has(d.state));
    }
    if (!failed) continue;
    for (const channel of rest as Channel[]) {
      if (!patientAddress(db, lead.patientId, channel)) continue;
      const text = reminderText(
        channel,
        members.map((m) => ({ firstName: m.firstName, startsAt: m.startsAt, clinician: m.clinician, location: m.location, timeZone: zoneOr(m.timeZone, clinic.timeZone) })),
        clinic,
      );
      const out = deps.messaging.queue({
        to: { patientId: lead.patientId },
        channel,
        origin: 'reminder',
        purpose: 'transactional',
        ...(rule.templateId != null ? { templateId: rule.templateId } : { body: text.body, ...(text.subject ? { subject: text.subject } : {}) }),
        appointmentId: lead.appointmentId,
        reminderRuleId: rule.id,
        dedupeKey: `reminder:${rule.id}:${lead.appointmentId}:${lead.rev}:fallback:${channel}`,
      });
      if (out.status === 'queued') {
        queued += 1;
        deps.logger.info('reminder fell back to another channel', { ruleId: rule.id, appointmentId: lead.appointmentId, from: lead.channel, to: channel });
      }
      if (out.status !== 'refused') break;
    }
  }
  return queued;
}
