/**
 * A simulated clinic day on a fake clock, through the real engine (sandbox provider): 30
 * appointments in two time zones across the 2026 US daylight-saving change (Sunday March 8),
 * a parent and two children sharing a phone, some already confirmed. Every reminder is queued
 * at its time, once, on the rule's channel, with the time in the patient's own zone; the
 * family gets one grouped reminder per rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { nextReminderDueAt } from './reminder-planner';
import { updateAppointment } from '../repos/appointments-repo';
import { listReminderRules } from './reminder-rules-repo';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

interface Booked {
  id: number;
  patientId: number;
  startsAt: number;
  zone: string;
  phone: string;
  email: string;
  confirmed: boolean;
  family: boolean;
}

function bookClinicDay(harness: Harness): Booked[] {
  const booked: Booked[] = [];
  // The family (New York): one phone, one email, three appointments the same morning.
  const familyPhone = '+12125550111';
  const familyEmail = 'rivera.family@example.com';
  for (const [name, time] of [
    ['Ana', '2026-03-09T09:00'],
    ['Ben', '2026-03-09T09:30'],
    ['Cara', '2026-03-09T10:00'],
  ] as const) {
    const patientId = harness.addPatient({ firstName: name, lastName: 'Rivera', phone: familyPhone, email: familyEmail, timeZone: NY });
    const startsAt = at(time, NY);
    booked.push({ id: harness.book(patientId, startsAt), patientId, startsAt, zone: NY, phone: familyPhone, email: familyEmail, confirmed: false, family: true });
  }
  // 27 individuals: New York and Los Angeles, before, on and after the DST change.
  const days = ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'];
  const hours = ['08:00', '09:15', '10:30', '11:45', '13:00', '14:15', '15:30', '16:45', '18:00'];
  for (let i = 0; i < 27; i++) {
    const zone = i % 2 === 0 ? NY : LA;
    const phone = `+1${zone === NY ? '212' : '213'}55502${String(i).padStart(2, '0')}`;
    const email = `patient${i}@example.com`;
    const patientId = harness.addPatient({ firstName: `P${i}`, phone, email, timeZone: i % 4 === 0 ? null : zone });
    const startsAt = at(`${days[i % days.length]}T${hours[i % hours.length]}`, zone);
    const id = harness.book(patientId, startsAt);
    const confirmed = i % 5 === 0;
    if (confirmed) updateAppointment(harness.db, id, { status: 'confirmed', confirmedAt: harness.clock.now(), confirmedVia: 'phone' });
    // A patient with no zone of their own is in the clinic's (New York).
    booked.push({ id, patientId, startsAt, zone: i % 4 === 0 ? NY : zone, phone, email, confirmed, family: false });
  }
  return booked;
}

describe('a simulated clinic day', () => {
  it('sends every reminder at its time, once, on the right channel, in the patient’s zone, grouped for a shared phone', async () => {
    h = openHarness({ start: Date.UTC(2026, 2, 4, 12, 0), clinic: { timeZone: NY } });
    const booked = bookClinicDay(h);
    expect(booked).toHaveLength(30);
    await h.settle();
    const rules = listReminderRules(h.db);
    expect(rules.map((r) => [r.offsetMinutes, r.channels, r.onlyIfUnconfirmed])).toEqual([
      [2880, ['email'], false],
      [1440, ['sms'], false],
      [120, ['sms'], true],
    ]);

    // Drive the day the way the app does: wake at the next due time, plan, dispatch. Planning
    // also runs at odd moments in between, which must never produce a second reminder.
    const end = Math.max(...booked.map((b) => b.startsAt)) + 60 * 60_000;
    let extra = 0;
    for (let guard = 0; guard < 1000; guard++) {
      // The next reminder due, or the next held delivery (quiet hours) the engine's loop would send.
      const held = (h.sqlite.prepare(`select min(next_attempt_at) as t from deliveries where state in ('queued','held') and next_attempt_at > ?`).get(h.clock.now()) as { t: number | null }).t;
      const due = nextReminderDueAt(h.db, h.clock.now());
      const candidates = [due, held].filter((x): x is number => x !== null);
      const next = candidates.length ? Math.min(...candidates) : null;
      if (next === null || next > end) break;
      // A minute early: nothing may go out yet.
      h.clock.set(next - 60_000);
      await h.scheduler.planReminders(h.clock.now());
      h.clock.set(next);
      h.scheduler.expireStarted(h.clock.now());
      await h.scheduler.planReminders(h.clock.now());
      await h.engine.runOnce();
      if (guard % 3 === 0) {
        extra += 1;
        h.clock.advance(7 * 60_000);
        h.scheduler.expireStarted(h.clock.now());
        await h.scheduler.planReminders(h.clock.now());
        await h.engine.runOnce();
      }
    }
    expect(extra).toBeGreaterThan(10);
    // Held SMS (quiet hours) go out when the window opens.
    for (let t = h.clock.now(); t <= end + 12 * 3600_000; t += 30 * 60_000) {
      h.clock.set(t);
      h.scheduler.expireStarted(t);
      await h.engine.runOnce();
    }

    const messages = h.reminderMessages();
    const sends = h.sqlite
      .prepare('select rule_id as ruleId, appointment_id as appointmentId, message_id as messageId, outcome from reminder_sends')
      .all() as Array<{ ruleId: number; appointmentId: number; messageId: number | null; outcome: string }>;
    const byId = new Map(messages.map((m) => [m.id, m]));

    let expectedMessages = 0;
    for (const rule of rules) {
      for (const b of booked) {
        const covering = sends.filter((s) => s.ruleId === rule.id && s.appointmentId === b.id);
        if (rule.onlyIfUnconfirmed && b.confirmed) {
          expect(covering, `rule ${rule.name} must skip confirmed appointment ${b.id}`).toHaveLength(0);
          continue;
        }
        expect(covering, `rule ${rule.name}, appointment ${b.id}`).toHaveLength(1);
        const [send] = covering;
        expect(send?.outcome).toBe('queued');
        const message = byId.get(send?.messageId ?? -1);
        expect(message).toBeDefined();
        if (!message) continue;
        const due = b.startsAt - rule.offsetMinutes * 60_000;
        const channel = rule.channels[0];
        expect(message.channel).toBe(channel);
        expect(message.address).toBe(channel === 'email' ? b.email : b.phone);
        if (b.family) {
          // The group's message went out at the first family member's time.
          const first = booked.find((x) => x.family);
          expect(message.createdAt).toBe((first?.startsAt ?? 0) - rule.offsetMinutes * 60_000);
        } else {
          expect(message.createdAt).toBe(due);
          expectedMessages += 1;
        }
        // The time in the text is the patient's local time (DST-aware).
        const local = DateTime.fromMillis(b.startsAt, { zone: b.zone }).toFormat('h:mm a');
        expect(message.body).toContain(local);
      }
    }
    // The family: one message per rule covering all three (rule 3 included: none confirmed).
    const familyMessages = messages.filter((m) => m.address === '+12125550111' || m.address === 'rivera.family@example.com');
    expect(familyMessages).toHaveLength(3);
    for (const m of familyMessages) expect(m.body).toMatch(/Ana.*Ben.*Cara/s);
    expect(messages).toHaveLength(expectedMessages + 3);
    expect(new Set(messages.map((m) => m.dedupeKey)).size).toBe(messages.length);

    // Each went out exactly once through the sandbox, SMS only inside 08:00–21:00 local time;
    // one held by quiet hours until after its appointment started was cancelled instead.
    let expired = 0;
    for (const m of messages) {
      const deliveries = h.deliveriesOf(m.id);
      expect(deliveries, `message ${m.id}`).toHaveLength(1);
      const [d] = deliveries;
      expect(d?.channel).toBe(m.channel);
      const appt = booked.find((x) => x.id === m.appointmentId);
      if (d?.state === 'cancelled') {
        expired += 1;
        const local = DateTime.fromMillis(m.createdAt, { zone: appt?.zone ?? NY });
        const opens = (local.hour < 8 ? local : local.plus({ days: 1 })).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
        expect(m.channel).toBe('sms');
        expect(appt?.startsAt ?? 0).toBeLessThanOrEqual(opens.toMillis());
        continue;
      }
      expect(['sent', 'delivered']).toContain(d?.state);
      expect(d?.sentAt ?? 0).toBeGreaterThanOrEqual(m.createdAt);
      if (m.channel === 'sms') {
        const b = booked.find((x) => x.id === m.appointmentId);
        const hour = DateTime.fromMillis(d?.sentAt ?? 0, { zone: b?.zone ?? NY }).hour;
        expect(hour).toBeGreaterThanOrEqual(8);
        expect(hour).toBeLessThan(21);
      }
    }
    // The 08:00 appointments' "2 hours before" SMS fall in quiet hours and expire unsent.
    expect(expired).toBeGreaterThan(0);
  });
});
