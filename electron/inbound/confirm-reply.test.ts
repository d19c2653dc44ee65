/**
 * Replies through the engine's inbound path (the one the sandbox's "reply as patient" and
 * Twilio polling use): a confirmation confirms the right appointment, also when two patients
 * share the phone, and the "2 hours before if unconfirmed" reminder is then not sent; R and
 * opt-out-like sentences flag the conversation; HELP answers with the clinic's help text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { findAppointment } from '../repos/appointments-repo';
import { findConversation } from '../repos/conversations-repo';
import { listReminderRules } from '../reminders/reminder-rules-repo';

const NY = 'America/New_York';
const HOUR = 3600_000;
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
  it('confirm the soonest reminded appointment among the patients sharing the phone, and stop the unconfirmed-only reminder', async () => {
    const start = DateTime.fromISO('2026-05-04T09:00', { zone: NY }).toMillis();
    h = openHarness({ start, clinic: { timeZone: NY } });
    const [, sms24h, sms2h] = listReminderRules(h.db);
    const phone = '+12125550177';
    const mom = h.addPatient({ firstName: 'Maria', phone, timeZone: NY });
    const kid = h.addPatient({ firstName: 'Leo', phone, timeZone: NY });
    const other = h.addPatient({ firstName: 'Sam', phone: '+12125550178', timeZone: NY });
    // Leo's appointment is booked first (a different day): only Maria's has been reminded when the reply comes.
    const leoAppt = h.book(kid, start + 48 * HOUR);
    const mariaAppt = h.book(mom, start + 20 * HOUR);
    const samAppt = h.book(other, start + 20 * HOUR);
    await h.settle();

    h.clock.set(start + 20 * HOUR - 24 * HOUR + 60_000); // Maria's and Sam's 24 h reminders are due
    h.scheduler.planReminders(h.clock.now());
    await h.engine.runOnce();
    const reminded = h.reminderMessages();
    expect(reminded.map((m) => m.appointmentId).sort()).toEqual([mariaAppt, samAppt].sort());

    await reply(h, phone, ' c ');
    expect(findAppointment(h.db, mariaAppt)?.status).toBe('confirmed');
    expect(findAppointment(h.db, mariaAppt)?.confirmedVia).toBe('sms_reply');
    expect(findAppointment(h.db, leoAppt)?.status).toBe('booked');
    expect(findAppointment(h.db, samAppt)?.status).toBe('booked');
    const thanks = h.sqlite.prepare(`select address, body from messages where origin = 'auto_reply' and dedupe_key like 'keyword:sms:%:confirm-thanks:%'`).all() as Array<{ address: string; body: string }>;
    expect(thanks).toHaveLength(1);
    expect(thanks[0]?.address).toBe(phone);
    expect(thanks[0]?.body).toMatch(/Thank you/);
    expect(h.emitted.some((e) => e.name === 'appointments.changed' && (e.payload as { appointmentId: number }).appointmentId === mariaAppt)).toBe(true);

    // Two hours before: Sam (unconfirmed) gets the second reminder, Maria (confirmed) does not.
    h.clock.set(start + 18 * HOUR + 60_000);
    h.scheduler.planReminders(h.clock.now());
    const twoHour = h.reminderMessages().filter((m) => m.ruleId === sms2h?.id);
    expect(twoHour.map((m) => m.appointmentId)).toEqual([samAppt]);

    // Later Leo is reminded; CONFIRM from the same phone now confirms Leo's.
    h.clock.set(start + 48 * HOUR - 24 * HOUR + 60_000);
    h.scheduler.planReminders(h.clock.now());
    expect(h.reminderMessages().some((m) => m.appointmentId === leoAppt && m.ruleId === sms24h?.id)).toBe(true);
    await reply(h, phone, 'CONFIRM.');
    expect(findAppointment(h.db, leoAppt)?.status).toBe('confirmed');
    h.clock.set(start + 46 * HOUR + 60_000);
    h.scheduler.planReminders(h.clock.now());
    expect(h.reminderMessages().some((m) => m.appointmentId === leoAppt && m.ruleId === sms2h?.id)).toBe(false);

    // A "C" with nothing reminded and unconfirmed left confirms nothing and is left for staff.
    const notifiedBefore = h.notifications.length;
    await reply(h, phone, 'C');
    expect(h.notifications.length).toBe(notifiedBefore + 1);
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

    expect(h.notifications.map((n) => n.title)).toEqual(['Reschedule request', 'Possible opt-out']);
    expect(h.emitted.filter((e) => e.name === 'conversation.updated').length).toBeGreaterThanOrEqual(2);
  });
});
