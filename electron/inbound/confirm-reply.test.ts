/**
 * Replies through the engine's inbound path (the one the sandbox's "reply as patient" and
 * Twilio polling use): a confirmation confirms the appointments of the reminder being answered
 * (the most recent one that reached that phone), the thank-you names whose and when, and the
 * "2 hours before if unconfirmed" reminder then goes only to the others; R and opt-out-like
 * sentences flag the conversation; HELP answers with the clinic's help text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { findAppointment } from '../repos/appointments-repo';
import { findConversation } from '../repos/conversations-repo';
import { listReminderRules } from '../reminders/reminder-rules-repo';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const reply = async (harness: Harness, address: string, body: string) => {
  const message = harness.engine.receiveInbound({ channel: 'sms', address, body, providerMessageId: `SM${Math.random().toString(16).slice(2)}` });
  await harness.settle();
  return message;
};

describe('confirmation replies', () => {
  it('Leo and Maria: "C" confirms the reminder being answered (Maria\'s), names whose and when, and Leo still gets his reminder', async () => {
    // Booked on Saturday; Monday 15:00 Leo is reminded for Tuesday 15:00, Tuesday 10:00 Maria for Wednesday 10:00.
    const saturday = DateTime.fromISO('2026-11-28T09:00', { zone: NY }).toMillis();
    h = openHarness({ start: saturday, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const [, sms24h, sms2h] = listReminderRules(h.db);
    const phone = '+12125550177';
    const leo = h.addPatient({ firstName: 'Leo', lastName: 'Lopez', phone, timeZone: NY });
    const maria = h.addPatient({ firstName: 'Maria', lastName: 'Lopez', phone, timeZone: NY });
    const leoAppt = h.book(leo, DateTime.fromISO('2026-12-01T15:00', { zone: NY }).toMillis());
    const mariaAppt = h.book(maria, DateTime.fromISO('2026-12-02T10:00', { zone: NY }).toMillis());
    await h.settle();

    const at = (iso: string) => DateTime.fromISO(iso, { zone: NY }).toMillis();
    h.clock.set(at('2026-11-30T15:00'));
    await h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    h.clock.set(at('2026-12-01T10:00'));
    await h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    const reminded = h.reminderMessages();
    expect(reminded.map((m) => [m.appointmentId, m.ruleId])).toEqual([
      [leoAppt, sms24h?.id],
      [mariaAppt, sms24h?.id],
    ]);

    h.clock.set(at('2026-12-01T10:05'));
    await reply(h, phone, 'C');
    expect(findAppointment(h.db, mariaAppt)?.status).toBe('confirmed');
    expect(findAppointment(h.db, mariaAppt)?.confirmedVia).toBe('sms_reply');
    expect(findAppointment(h.db, leoAppt)?.status).toBe('booked');
    const thanks = h.sqlite.prepare(`select address, body from messages where origin = 'auto_reply' order by id`).all() as Array<{ address: string; body: string }>;
    expect(thanks).toEqual([{ address: phone, body: "Thanks, Maria's visit on Wed Dec 2 at 10:00 AM is confirmed. Main Street Clinic" }]);
    expect(h.emitted.some((e) => e.name === 'appointments.changed' && (e.payload as { appointmentId: number }).appointmentId === mariaAppt)).toBe(true);

    // Leo (unconfirmed) gets his 2-hour reminder at 13:00 with different wording; Maria (confirmed) does not get hers.
    h.clock.set(at('2026-12-01T13:00'));
    await h.scheduler.planReminders(h.clock.now());
    h.clock.set(at('2026-12-02T08:00'));
    await h.scheduler.planReminders(h.clock.now());
    const twoHour = h.reminderMessages().filter((m) => m.ruleId === sms2h?.id);
    expect(twoHour.map((m) => m.appointmentId)).toEqual([leoAppt]);
    const leo24 = reminded[0]?.body ?? '';
    expect(leo24).toContain("Leo's appointment tomorrow at 3:00 PM");
    expect(twoHour[0]?.body).toContain("Leo's appointment today at 3:00 PM");
  });

  it('a grouped family reminder confirms every appointment it named, and the thank-you names them all', async () => {
    const start = DateTime.fromISO('2026-11-28T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const phone = '+12125550178';
    const emma = h.addPatient({ firstName: 'Emma', phone, timeZone: NY });
    const noah = h.addPatient({ firstName: 'Noah', phone, timeZone: NY });
    const a = h.book(emma, DateTime.fromISO('2026-12-02T09:00', { zone: NY }).toMillis());
    const b = h.book(noah, DateTime.fromISO('2026-12-02T09:30', { zone: NY }).toMillis());
    await h.settle();
    h.clock.set(DateTime.fromISO('2026-12-01T09:30', { zone: NY }).toMillis());
    await h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    const reminders = h.reminderMessages();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.body).toContain('Emma at 9:00 AM');
    expect(reminders[0]?.body).toContain('Noah at 9:30 AM');

    await reply(h, phone, 'confirm');
    expect([findAppointment(h.db, a)?.status, findAppointment(h.db, b)?.status]).toEqual(['confirmed', 'confirmed']);
    const thanks = h.sqlite.prepare(`select body from messages where origin = 'auto_reply'`).get() as { body: string };
    expect(thanks.body).toBe("Thanks, Emma's visit on Wed Dec 2 at 9:00 AM and Noah's visit on Wed Dec 2 at 9:30 AM are confirmed. Main Street Clinic");
  });

  it('with nothing reminded: confirms the one upcoming visit of the household and says which; otherwise says the clinic will answer and flags it', async () => {
    const start = DateTime.fromISO('2026-11-30T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const phone = '+12125550179';
    const ivy = h.addPatient({ firstName: 'Ivy', phone, timeZone: NY });
    const ivyAppt = h.book(ivy, DateTime.fromISO('2026-12-04T11:00', { zone: NY }).toMillis());
    await h.settle();
    await reply(h, phone, 'C');
    expect(findAppointment(h.db, ivyAppt)?.status).toBe('confirmed');
    const last = () => (h?.sqlite.prepare(`select body from messages where origin = 'auto_reply' order by id desc limit 1`).get() as { body: string }).body;
    expect(last()).toBe("Thanks, Ivy's visit on Fri Dec 4 at 11:00 AM is confirmed. Main Street Clinic");

    // Two upcoming visits and no reminder: it cannot tell which, so a person answers.
    const other = h.addPatient({ firstName: 'Ola', phone: '+12125550180', timeZone: NY });
    const o1 = h.book(other, DateTime.fromISO('2026-12-02T11:00', { zone: NY }).toMillis());
    const o2 = h.book(other, DateTime.fromISO('2026-12-03T11:00', { zone: NY }).toMillis());
    await h.settle();
    const notified = h.notifications.length;
    const m = await reply(h, '+12125550180', 'c');
    expect([findAppointment(h.db, o1)?.status, findAppointment(h.db, o2)?.status]).toEqual(['booked', 'booked']);
    expect(last()).toBe('Thanks for your reply. We could not tell which appointment you mean; Main Street Clinic will get back to you.');
    expect(findConversation(h.db, m?.conversationId ?? 0)?.flag).toBe('confirm_unmatched');
    expect(h.notifications.length).toBe(notified + 1);
  });

  it('a reminder whose delivery failed cannot be answered', async () => {
    const start = DateTime.fromISO('2026-11-28T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
    const phone = '+12125550181';
    const zoe = h.addPatient({ firstName: 'Zoe', phone, timeZone: NY });
    const reminded = h.book(zoe, DateTime.fromISO('2026-12-02T09:00', { zone: NY }).toMillis());
    const later = h.book(zoe, DateTime.fromISO('2026-12-04T09:00', { zone: NY }).toMillis());
    await h.settle();
    h.clock.set(DateTime.fromISO('2026-12-01T09:30', { zone: NY }).toMillis());
    await h.scheduler.planReminders(h.clock.now());
    const [reminder] = h.reminderMessages();
    // The carrier gave up on it (what the status poll records for an undelivered SMS).
    h.sqlite.prepare(`update deliveries set state = 'failed', reason_code = 'undelivered' where message_id = ?`).run(reminder?.id);
    const m = await reply(h, phone, 'C');
    expect([findAppointment(h.db, reminded)?.status, findAppointment(h.db, later)?.status]).toEqual(['booked', 'booked']);
    expect(findConversation(h.db, m?.conversationId ?? 0)?.flag).toBe('confirm_unmatched');
  });

  it('flags R for a reschedule call and opt-out-like sentences for staff; HELP gets the help text; all are notified', async () => {
    const start = DateTime.fromISO('2026-05-04T12:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic', clinicPhone: '+12125550100' } });
    const phone = '+12125550190';
    const patient = h.addPatient({ firstName: 'Ivy', phone, timeZone: NY });

    const r = await reply(h, phone, 'r');
    if (!r) throw new Error('reply not recorded');
    expect(findConversation(h.db, r.conversationId)?.flag).toBe('reschedule');
    expect(findConversation(h.db, r.conversationId)?.unreadCount).toBe(1);
    expect(findConversation(h.db, r.conversationId)?.patientId).toBe(patient);

    await reply(h, phone, 'please stop texting me');
    expect(findConversation(h.db, r.conversationId)?.flag).toBe('possible_opt_out');
    // A sentence is not a STOP: nothing is suppressed.
    expect(h.sqlite.prepare('select count(*) as n from suppressions').get()).toEqual({ n: 0 });

    await reply(h, phone, 'HELP');
    const help = h.sqlite
      .prepare(`select body, conversation_id as conversationId from messages where origin = 'auto_reply' and address = ?`)
      .all(phone) as Array<{ body: string; conversationId: number }>;
    expect(help).toHaveLength(1);
    // The answer is in the same thread as the question.
    expect(help[0]?.conversationId).toBe(r.conversationId);
    expect(help[0]?.body).toContain('Main Street Clinic');
    expect(help[0]?.body).toContain('+12125550100');
    expect(help[0]?.body).toContain('Reply STOP to opt out');

    // The second notification's title also carries the unread count, like the tray badge.
    expect(h.notifications.map((n) => n.title)).toEqual(['Reschedule request', 'Possible opt-out · 2 unread']);
    expect(h.emitted.filter((e) => e.name === 'conversation.updated').length).toBeGreaterThanOrEqual(2);
  });
});
