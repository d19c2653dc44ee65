/**
 * Broadcasts to families: one message per address naming everyone it is for ("Hi Emma and
 * Noah"), counts in addresses and patients covered; broadcast messages sit in the household's
 * thread without opening it or marking it unread (a reply does); pause holds everything not yet
 * handed to a provider, resume releases it, cancel cancels it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { BroadcastsService } from './broadcasts-service';
import { TemplatesService } from '../services/templates/templates-service';
import { InboxService } from '../services/inbox-service';
import { insertStaff } from '../repos/staff-repo';
import { createBroadcastSender } from './broadcast-sender';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

function setUp() {
  const start = DateTime.fromISO('2026-12-01T11:00', { zone: NY }).toMillis();
  const harness = openHarness({ start, clinic: { timeZone: NY, clinicName: 'Main Street Clinic' } });
  h = harness;
  const staffId = insertStaff(harness.db, { username: 'mgr', displayName: 'Manager', role: 'manager', passwordHash: 'x', createdAt: start }).id;
  const broadcasts = new BroadcastsService(harness.db, harness.clock, harness.events, () => NY, () => harness.engine, () => undefined, () => harness.clinic.get());
  const inbox = new InboxService(harness.db, harness.clock, harness.events, { notify: () => undefined, setUnreadCount: () => undefined });
  const family = '+12125550600';
  const emma = harness.addPatient({ firstName: 'Emma', lastName: 'Lopez', phone: family, timeZone: NY, tags: ['flu'] });
  const noah = harness.addPatient({ firstName: 'Noah', lastName: 'Lopez', phone: family, timeZone: NY, tags: ['flu'] });
  const others = Array.from({ length: 6 }, (_, i) => harness.addPatient({ firstName: `P${i}`, phone: `+1212555061${i}`, timeZone: NY, tags: ['flu'] }));
  const template = new TemplatesService(harness.db, harness.clock, () => harness.clinic.get()).create(
    {
      name: 'Flu clinic',
      category: 'broadcast',
      purpose: 'transactional',
      fallbackLanguage: 'en',
      content: { en: { sms: { body: 'Hi {{ recipients.firstNames }}, flu shots are in this week at {{ clinic.name }}. Reply STOP to opt out.' } } },
    },
    staffId,
  );
  const send = async (name: string) => {
    const draft = broadcasts.createDraft({ name, templateId: template.id, audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms' }, purpose: 'transactional' }, staffId);
    broadcasts.approve({ id: draft.id }, staffId);
    await harness.scheduler.broadcasts.run(harness.clock.now());
    return draft.id;
  };
  return { harness, broadcasts, inbox, staffId, family, emma, noah, others, send, template };
}

const toAddress = (x: Harness, address: string) =>
  x.sqlite.prepare(`select m.body, m.patient_id as patientId from messages m where m.address = ? and m.origin = 'broadcast'`).all(address) as Array<{ body: string; patientId: number }>;

describe('broadcasts to households', () => {
  it('sends one message per address naming everyone, and counts addresses and the patients they cover', async () => {
    const { harness, broadcasts, family, emma, send } = setUp();
    const preview = broadcasts.previewAudience({ audience: { tags: ['flu'] }, channel: 'sms', purpose: 'transactional' });
    expect(preview).toMatchObject({ count: 8, addresses: 7 });
    const id = await send('Flu');
    expect(toAddress(harness, family)).toEqual([{ body: 'Hi Emma and Noah, flu shots are in this week at Main Street Clinic. Reply STOP to opt out.', patientId: emma }]);
    expect(toAddress(harness, '+12125550610')[0]?.body).toMatch(/^Hi P0, /);
    expect(broadcasts.get(id).counts).toMatchObject({ total: 8, queued: 8, pending: 0, addresses: 7, patientsCovered: 8 });
    await harness.engine.runOnce();
    expect(harness.sqlite.prepare(`select count(*) as n from deliveries where state = 'delivered' or state = 'sent'`).get()).toEqual({ n: 7 });
  });

  it('never splits a family across batches, and a phone shared with someone outside the audience still gets its one message', async () => {
    const { harness, broadcasts, staffId, family, emma, noah, others, template } = setUp();
    // Oldest first: Emma and Noah are recipients 1 and 2; the family joins P3 (recipient 6) at
    // the other end of the list, and P0's phone is also an archived patient's (not in the audience).
    const late = harness.addPatient({ firstName: 'Lily', lastName: 'Lopez', phone: family, timeZone: NY, tags: ['flu'] });
    harness.addPatient({ firstName: 'Gone', phone: '+12125550610', timeZone: NY, tags: ['other'] });
    const draft = broadcasts.createDraft({ name: 'Flu', templateId: template.id, audience: { tags: ['flu'] }, channelPolicy: { channel: 'sms' }, purpose: 'transactional' }, staffId);
    broadcasts.approve({ id: draft.id }, staffId);
    const batches: number[] = [];
    const sender = createBroadcastSender({
      db: harness.db,
      messaging: harness.engine,
      events: harness.events,
      logger: harness.logger,
      clinicTimeZone: () => NY,
      clinicRules: () => harness.clinic.get(),
      // Emma alone in the first batch: Noah and Lily come along with her.
      batchSize: 1,
      betweenBatches: async () => {
        batches.push(Number((harness.sqlite.prepare(`select count(*) n from messages where broadcast_id = ?`).get(draft.id) as { n: number }).n));
      },
    });
    await sender.run(harness.clock.now());
    expect(batches[0]).toBe(1);
    expect(toAddress(harness, family)).toEqual([{ body: 'Hi Emma, Noah and Lily, flu shots are in this week at Main Street Clinic. Reply STOP to opt out.', patientId: emma }]);
    expect(toAddress(harness, '+12125550610').map((m) => [m.body.slice(0, 7), m.patientId])).toEqual([['Hi P0, ', others[0]]]);
    const recipients = harness.sqlite.prepare(`select patient_id p, state, message_id m from broadcast_recipients where broadcast_id = ? order by id`).all(draft.id) as Array<{ p: number; state: string; m: number }>;
    expect(recipients.every((r) => r.state === 'queued')).toBe(true);
    const familyMessage = recipients.find((r) => r.p === emma)?.m;
    expect(recipients.filter((r) => r.m === familyMessage).map((r) => r.p)).toEqual([emma, noah, late]);
    expect(new Set(recipients.map((r) => r.m)).size).toBe(7);
  });

  it('stays out of the way: in the household thread, but no conversation is opened or unread until the patient replies', async () => {
    const { harness, inbox, staffId, family, emma, noah, send } = setUp();
    await send('Flu');
    await harness.engine.runOnce();
    expect(inbox.list(staffId, {}).items).toEqual([]);
    expect(harness.sqlite.prepare('select coalesce(sum(unread_count), 0) as n from conversations').get()).toEqual({ n: 0 });
    const all = inbox.list(staffId, { filter: { status: 'all' } }).items;
    expect(all).toHaveLength(7);
    const familyThread = all.find((c) => c.members.length === 2);
    expect(familyThread?.members.map((m) => m.id)).toEqual([emma, noah]);
    expect(familyThread?.title).toBe('Emma and Noah Lopez');

    harness.engine.receiveInbound({ channel: 'sms', address: family, body: 'Can Noah come on Friday?', providerMessageId: 'SMreply1' });
    await harness.settle();
    const open = inbox.list(staffId, {}).items;
    expect(open.map((c) => [c.id, c.unreadCount])).toEqual([[familyThread?.id, 1]]);
    const thread = inbox.thread(staffId, { conversationId: familyThread?.id ?? 0 });
    expect(thread.messages.map((m) => [m.direction, m.origin])).toEqual([
      ['outbound', 'broadcast'],
      ['inbound', 'patient'],
    ]);
  });

  it('pause holds queued deliveries, resume releases them, cancel cancels them', async () => {
    const { harness, broadcasts, send } = setUp();
    const id = await send('Flu');
    // byState counts recipients (8 patients in 7 messages).
    expect(broadcasts.pause(id).counts.byState).toMatchObject({ queued: 0, held: 8 });
    expect(harness.sqlite.prepare(`select distinct reason_code as r from deliveries`).all()).toEqual([{ r: 'broadcast_paused' }]);
    await harness.engine.runOnce();
    harness.clock.advance(60_000);
    await harness.engine.runOnce();
    expect(harness.sqlite.prepare(`select count(*) as n from deliveries where state in ('sending','sent','delivered')`).get()).toEqual({ n: 0 });
    // The sender does not queue or release anything of a paused broadcast either.
    await harness.scheduler.broadcasts.run(harness.clock.now());
    expect(broadcasts.get(id).status).toBe('paused');

    expect(broadcasts.resume(id).status).toBe('sending');
    await harness.engine.runOnce();
    expect(harness.sqlite.prepare(`select count(*) as n from deliveries where state in ('sent','delivered')`).get()).toEqual({ n: 7 });

    const second = await send('Flu again');
    broadcasts.pause(second);
    expect(broadcasts.cancel(second).status).toBe('cancelled');
    await harness.engine.runOnce();
    const secondStates = harness.sqlite
      .prepare(`select d.state, count(*) as n from deliveries d join messages m on m.id = d.message_id where m.broadcast_id = ? group by d.state`)
      .all(second);
    expect(secondStates).toEqual([{ state: 'cancelled', n: 7 }]);
  });
});
