/**
 * Property tests on the DESIGN §3 rules, through the whole engine (real SQLite, the real twilio
 * SDK against the fake Twilio, the sandbox for email): whatever the mix of suppressions, consent
 * history, channel orders, clock and provider refusals, nothing reaches a provider for a
 * suppressed address or an opted-out channel, quiet hours hold in the patient's zone, the daily
 * cap holds, and a message falls back at most once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { FakeClock } from '../foundation/clock';
import { createTwilioProvider } from '../providers/twilio-provider';
import { inQuietHours, localDayBounds, quietHoursEnd } from './quiet-hours';
import { addConsent, addPatient, addSuppressionRow, drain, makeEngineFixture } from './test-support';
import type { Channel } from '../../shared/domain';

const REACHED = new Set(['sent', 'delivered', 'read', 'undelivered']);
const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney', 'Europe/London'];
// DST changes in 2026: US Mar 8 / Nov 1, EU Mar 29 / Oct 25, AU Apr 5 / Oct 4.
const DST_DAYS = [Date.UTC(2026, 2, 8), Date.UTC(2026, 10, 1), Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 3, 5), Date.UTC(2026, 9, 4)];
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const aroundDst = fc.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })).map(([d, off]) => d + off);

describe('quiet hours across daylight-saving changes', () => {
  it('a held message opens at the first instant after the window, and every instant until then is quiet', () => {
    fc.assert(
      fc.property(aroundDst, fc.constantFrom(...ZONES), hhmm, hhmm, (at, zone, start, end) => {
        const window = { start, end };
        const until = quietHoursEnd(at, zone, window);
        if (!inQuietHours(at, zone, window)) return until === null;
        expect(until).not.toBeNull();
        const u = until as number;
        expect(u).toBeGreaterThan(at);
        expect(inQuietHours(u, zone, window)).toBe(false);
        // Every minute between now and the opening is still quiet (no early release, no gap skipped).
        for (let t = at; t < u; t += 15 * 60_000) expect(inQuietHours(t, zone, window)).toBe(true);
        if (u - 60_000 >= at) expect(inQuietHours(u - 60_000, zone, window)).toBe(true);
        // The default window 21:00–08:00 opens at 08:00 local wall time, whatever the offset.
        if (start === '21:00' && end === '08:00') expect(DateTime.fromMillis(u, { zone }).toFormat('HH:mm')).toBe('08:00');
        return true;
      }),
      // A fall-back night where the clock jumps back out of the window before its end time.
      { numRuns: 3_000, examples: [[1793522700000, 'America/Los_Angeles', '01:45', '00:00']] },
    );
  });
});

describe('the rules through the engine', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await FakeTwilio.start({ recordRequests: false });
  });
  afterAll(async () => {
    await fake.close();
  });

  interface PatientGen {
    zone: string;
    hasPhone: boolean;
    hasEmail: boolean;
    order: Channel[];
    smsSuppressed: boolean;
    emailSuppressed: boolean;
    consent: Array<{ channel: 'sms' | 'email'; purpose: 'transactional' | 'marketing'; status: 'opted_in' | 'opted_out' }>;
    twilioError: 0 | 21211 | 21610 | 21614;
  }
  const patientGen: fc.Arbitrary<PatientGen> = fc.record({
    zone: fc.constantFrom(...ZONES),
    hasPhone: fc.boolean(),
    hasEmail: fc.boolean(),
    order: fc.constantFrom<Channel[]>(['sms', 'email'], ['email', 'sms'], ['sms'], ['email']),
    smsSuppressed: fc.boolean(),
    emailSuppressed: fc.boolean(),
    consent: fc.array(
      fc.record({
        channel: fc.constantFrom<'sms' | 'email'>('sms', 'email'),
        purpose: fc.constantFrom<'transactional' | 'marketing'>('transactional', 'marketing'),
        status: fc.constantFrom<'opted_in' | 'opted_out'>('opted_in', 'opted_out'),
      }),
      { maxLength: 4 },
    ),
    twilioError: fc.constantFrom<0 | 21211 | 21610 | 21614>(0, 0, 21211, 21610, 21614),
  });
  const messageGen = fc.record({
    patient: fc.nat(),
    purpose: fc.constantFrom<'transactional' | 'marketing'>('transactional', 'transactional', 'marketing'),
    emergency: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    explicit: fc.option(fc.constantFrom<Channel>('sms', 'email'), { freq: 4 }),
    delayMin: fc.integer({ min: 0, max: 36 * 60 }),
  });

  type MessageGen = typeof messageGen extends fc.Arbitrary<infer T> ? T : never;
  let runNo = 0;
  const check = async (patients: PatientGen[], msgs: MessageGen[], start: number, cap: number): Promise<void> => {
          runNo++;
          const clock = new FakeClock(start);
          const twilio = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, smsFrom: '+15005550006', apiBaseUrl: fake.baseUrl });
          const fx = makeEngineFixture({ clock, clinic: { dailyCap: cap }, providers: { twilio }, routes: { sms: 'twilio', email: 'sandbox' } });
          try {
            fake.clearScripts();
            const ids: number[] = [];
            patients.forEach((p, i) => {
              const phone = `+1212555${String(runNo % 100).padStart(2, '0')}${String(i).padStart(2, '0')}`;
              const email = `p${runNo}-${i}@example.com`;
              const id = addPatient(fx.db, { timeZone: p.zone, phone: p.hasPhone ? phone : null, email: p.hasEmail ? email : null, channelOrder: p.order });
              ids.push(id);
              if (p.smsSuppressed) addSuppressionRow(fx.db, 'sms', phone);
              if (p.emailSuppressed) addSuppressionRow(fx.db, 'email', email);
              for (const c of p.consent) addConsent(fx.db, id, c.channel, c.purpose, c.status);
              if (p.twilioError) fake.script(phone, { createError: p.twilioError });
            });
            // Queue over time, moving the clock between sends.
            const sorted = [...msgs].sort((a, b) => a.delayMin - b.delayMin);
            for (const m of sorted) {
              clock.set(Math.max(clock.now(), start + m.delayMin * 60_000));
              await fx.engine.runOnce();
              fx.engine.queue({
                to: { patientId: ids[m.patient % ids.length] as number },
                channel: m.explicit ?? undefined,
                origin: 'staff',
                purpose: m.purpose,
                body: `msg ${m.delayMin}`,
                emergency: m.emergency,
              });
            }
            await drain(fx, { maxPasses: 300 });

            const rows = fx.db.$client
              .prepare(
                `select d.*, m.patient_id, m.purpose, m.emergency from deliveries d join messages m on m.id = d.message_id order by d.id`,
              )
              .all() as Array<{
              id: number;
              message_id: number;
              channel: Channel;
              address: string;
              state: string;
              reason_code: string | null;
              patient_id: number;
              purpose: 'transactional' | 'marketing';
              emergency: number;
              sent_at: number | null;
              attempt_started_at: number | null;
              fallback_of_delivery_id: number | null;
            }>;
            const reached = rows.filter((r) => r.attempt_started_at !== null);
            for (const r of reached) {
              const p = patients[ids.indexOf(r.patient_id)] as PatientGen;
              // 1. suppression (the staff suppressions set up front)
              if (r.channel === 'sms') expect(p.smsSuppressed).toBe(false);
              if (r.channel === 'email') expect(p.emailSuppressed).toBe(false);
              // 2. consent: latest event per channel+purpose
              const latest = (purpose: 'transactional' | 'marketing') =>
                [...p.consent].reverse().find((c) => c.channel === r.channel && c.purpose === purpose)?.status ?? null;
              expect(latest('transactional')).not.toBe('opted_out');
              expect(latest(r.purpose)).not.toBe('opted_out');
              if (r.purpose === 'marketing') expect(latest('marketing')).toBe('opted_in');
              // 3. quiet hours in the patient's zone
              if (r.channel === 'sms' && r.emergency === 0) {
                expect(inQuietHours(r.attempt_started_at as number, p.zone, { start: '21:00', end: '08:00' })).toBe(false);
              }
            }
            // 4. daily cap, as the engine enforces it: per patient-local day, the non-emergency
            // messages that reached the patient (a delivery the provider accepted). A delivery the
            // provider refused (21610, 21211, ...) is no send, so a message that fell back to
            // another channel counts once, on the day its accepted delivery went out.
            const perDay = new Map<string, Set<number>>();
            for (const r of rows.filter((x) => x.emergency === 0 && REACHED.has(x.state))) {
              const p = patients[ids.indexOf(r.patient_id)] as PatientGen;
              const at = r.sent_at ?? (r.attempt_started_at as number);
              const key = `${r.patient_id}|${localDayBounds(at, p.zone).start}`;
              perDay.set(key, (perDay.get(key) ?? new Set()).add(r.message_id));
            }
            for (const [key, messages] of perDay) expect(messages.size, key).toBeLessThanOrEqual(cap);
            // 5. fallback at most once per message, to a different channel
            const byMessage = new Map<number, typeof rows>();
            for (const r of rows) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
            for (const list of byMessage.values()) {
              expect(list.filter((r) => r.fallback_of_delivery_id !== null).length).toBeLessThanOrEqual(1);
              expect(new Set(list.map((r) => r.channel)).size).toBe(list.length);
            }
            // Everything ended: nothing left open.
            expect(rows.filter((r) => ['queued', 'held', 'sending'].includes(r.state))).toEqual([]);
          } finally {
            await fx.dispose();
          }
  };
  const arbitraries = [
    fc.array(patientGen, { minLength: 1, maxLength: 4 }),
    fc.array(messageGen, { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 0, max: 47 }).map((h) => Date.UTC(2026, 2, 6) + h * 3_600_000),
    fc.integer({ min: 1, max: 3 }),
  ] as const;
  const property = () => fc.asyncProperty(...arbitraries, check);
  // RULES_NUM_RUNS raises the run count for a one-off soak over many seeds.
  const numRuns = Number(process.env.RULES_NUM_RUNS ?? 25);

  it('no suppressed or opted-out send, quiet hours and the daily cap hold, fallback at most once', async () => {
    await fc.assert(property(), { numRuns });
  }, 60_000 + numRuns * 2_000);

  it('regression: seed -112443693 (a 21610 falling back to email beside an emergency, cap 1) passes', async () => {
    // The counterexample that seed once produced, stated outright so it stays covered whatever
    // the generators become, and then the seed itself.
    const patient: PatientGen = { zone: 'America/New_York', hasPhone: true, hasEmail: true, order: ['sms', 'email'], smsSuppressed: false, emailSuppressed: false, consent: [], twilioError: 21610 };
    await check(
      [patient],
      [
        { patient: 0, purpose: 'transactional', emergency: false, explicit: null, delayMin: 0 },
        { patient: 0, purpose: 'transactional', emergency: true, explicit: null, delayMin: 0 },
      ],
      Date.UTC(2026, 2, 6, 15),
      1,
    );
    await fc.assert(property(), { seed: -112443693, numRuns: 25 });
  });
});

