/**
 * The day and week views: appointments with their confirmation, reminder state (next rule due,
 * the last reminder and its delivery, the patient's reply) and warnings — a booking in the past
 * that is still open, or one that overlaps another booking of the same clinician. Warnings are
 * said, never refusals: the front desk knows when a double booking is on purpose.
 */
import { DateTime } from 'luxon';
import type { AppDb } from '../db/database';
import type { AppointmentView } from '../../shared/domain';
import type { BookingWarning, ScheduledAppointment } from '../../shared/contract/appointments';
import { listAppointmentsBetween } from '../repos/appointments-repo';
import { listEnabledReminderRules } from '../reminders/reminder-rules-repo';
import { coveredRuleKeys, lastReminders, overlappingBookings } from '../repos/appointment-schedule-queries';

const MINUTE = 60_000;
const OPEN = new Set(['booked', 'confirmed']);

export function bookingWarnings(
  db: AppDb,
  booking: { id: number | null; clinician: string; startsAt: number; durationMinutes: number },
  now: number,
  zone: string,
): BookingWarning[] {
  const out: BookingWarning[] = [];
  if (booking.startsAt < now) out.push({ code: 'past', message: 'This booking is in the past; no reminders go out for it.' });
  const others = overlappingBookings(db, booking.clinician, booking.startsAt, booking.startsAt + booking.durationMinutes * MINUTE, booking.id);
  if (others.length > 0) {
    const list = others.map((o) => `${o.patientName} at ${DateTime.fromMillis(o.startsAt, { zone }).toFormat('HH:mm')}`).join(', ');
    out.push({ code: 'overlap', message: `${booking.clinician} is also booked then: ${list}.` });
  }
  return out;
}

export function scheduleBetween(db: AppDb, input: { from: string; days: number; clinician?: string }, now: number, zone: string): ScheduledAppointment[] {
  const start = DateTime.fromISO(input.from, { zone }).startOf('day');
  const list = listAppointmentsBetween(db, start.toMillis(), start.plus({ days: input.days }).toMillis()).filter((a) => !input.clinician || a.clinician === input.clinician);
  const ids = list.map((a) => a.id);
  const last = lastReminders(db, ids);
  const covered = coveredRuleKeys(db, ids);
  const rules = listEnabledReminderRules(db);
  const overlaps = overlapSet(list);
  return list.map((a) => {
    const l = last.get(a.id);
    const open = OPEN.has(a.status);
    const next = open
      ? rules
          .filter((r) => !covered.has(`${a.id}:${r.id}`) && !(r.onlyIfUnconfirmed && a.status === 'confirmed'))
          .map((r) => ({ at: a.startsAt - r.offsetMinutes * MINUTE, rule: r.name }))
          .filter((x) => x.at >= now && x.at < a.startsAt)
          .sort((x, y) => x.at - y.at)[0]
      : undefined;
    const warnings: BookingWarning[] = [];
    if (open && a.startsAt < now) warnings.push({ code: 'past', message: 'In the past and still open: mark it completed or a no-show.' });
    if (overlaps.has(a.id)) warnings.push({ code: 'overlap', message: `Overlaps another booking of ${a.clinician}.` });
    return {
      ...a,
      reminder: {
        nextAt: next?.at ?? null,
        nextRule: next?.rule ?? null,
        last: l ? { at: l.at, rule: l.rule, channel: l.channel, state: l.state, reasonCode: l.reason_code } : null,
        reply: l && l.reply_at !== null ? { at: l.reply_at, body: (l.reply_body ?? '').slice(0, 160) } : null,
      },
      warnings,
    };
  });
}

/** Ids of open appointments that overlap another open one of the same clinician. */
function overlapSet(list: AppointmentView[]): Set<number> {
  const hit = new Set<number>();
  const byClinician = new Map<string, AppointmentView[]>();
  for (const a of list) {
    if (!OPEN.has(a.status)) continue;
    const l = byClinician.get(a.clinician) ?? [];
    l.push(a);
    byClinician.set(a.clinician, l);
  }
  for (const l of byClinician.values()) {
    l.sort((x, y) => x.startsAt - y.startsAt);
    let reach: { end: number; id: number } | null = null;
    for (const a of l) {
      const end = a.startsAt + a.durationMinutes * MINUTE;
      if (reach && a.startsAt < reach.end) {
        hit.add(a.id);
        hit.add(reach.id);
      }
      if (!reach || end > reach.end) reach = { end, id: a.id };
    }
  }
  return hit;
}
