/**
 * Households through the IPC registry: adding a patient with a phone another patient already
 * has says so and links them; the family has one conversation across channels (replies from
 * the shared phone land in it), the header names every member and each message says which
 * patient it is about; the profile links to the household; opt-outs stay per address; linking
 * two households merges their threads, and removing the shared phone moves a patient out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('households', () => {
  it('one thread per family, both names in the header, each message tagged with its patient', async () => {
    t = await createTestCore();
    const core = t;
    await core.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const maria = await core.must('patients.create', { firstName: 'Maria', lastName: 'Lopez', contactPoints: [{ kind: 'phone', value: '+1 212 555 0300' }] });
    // Typing the mother's phone for the child: the form is told whose it is.
    expect(await core.must('patients.contactOwners', { kind: 'phone', value: '(212) 555-0300' })).toEqual({
      normalised: '+12125550300',
      owners: [{ id: maria.id, firstName: 'Maria', lastName: 'Lopez' }],
    });
    expect(await core.must('patients.contactOwners', { kind: 'phone', value: '212 555' })).toEqual({ normalised: null, owners: [] });
    const leo = await core.must('patients.create', {
      firstName: 'Leo',
      lastName: 'Lopez',
      contactPoints: [
        { kind: 'phone', value: '212-555-0300' },
        { kind: 'email', value: 'leo@example.com' },
      ],
    });
    expect(leo.contactPoints.find((c) => c.kind === 'phone')?.sharedWith).toEqual([{ id: maria.id, firstName: 'Maria', lastName: 'Lopez' }]);
    expect(leo.contactPoints.find((c) => c.kind === 'email')?.sharedWith).toEqual([]);
    expect(leo.household?.members.map((m) => m.firstName)).toEqual(['Maria', 'Leo']);
    expect((await core.must('patients.get', { id: maria.id })).household?.id).toBe(leo.household?.id);

    await core.must('messages.send', { to: { patientId: maria.id }, channel: 'sms', body: 'Maria, your results are in.' });
    await core.must('messages.send', { to: { patientId: leo.id }, channel: 'email', subject: 'Leo', body: 'Leo’s forms are attached.' });
    await core.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550300', body: 'Thanks! Is Leo due for a checkup?' });
    const list = await core.must('inbox.list', {});
    expect(list.items).toHaveLength(1);
    const [conversation] = list.items;
    expect(conversation?.title).toBe('Maria and Leo Lopez');
    expect(conversation?.members.map((m) => m.id)).toEqual([maria.id, leo.id]);
    expect(conversation?.channels).toEqual(['email', 'sms']);
    expect(conversation?.unreadCount).toBe(1);
    const thread = await core.must('inbox.thread', { conversationId: conversation?.id ?? 0 });
    expect(thread.messages.map((m) => [m.direction, m.channel, m.patientName])).toEqual([
      ['outbound', 'sms', 'Maria Lopez'],
      ['outbound', 'email', 'Leo Lopez'],
      // From the shared phone: it could be about either, so no name is guessed.
      ['inbound', 'sms', null],
    ]);
    expect((await core.must('patients.get', { id: leo.id })).household?.conversationId).toBe(conversation?.id);
    // The list filtered to one member finds the family thread.
    expect((await core.must('inbox.list', { filter: { patientId: leo.id, status: 'all' } })).items.map((c) => c.id)).toEqual([conversation?.id]);

    // Opt-outs stay per address: STOP from the phone does not touch Leo's email.
    await core.must('sandbox.replyAsPatient', { channel: 'sms', address: '+12125550300', body: 'STOP' });
    expect(await core.must('messages.send', { to: { patientId: leo.id }, channel: 'sms', body: 'x' })).toMatchObject({ status: 'refused', reason: 'suppressed' });
    expect(await core.must('messages.send', { to: { patientId: leo.id }, channel: 'email', subject: 'Still here', body: 'y' })).toMatchObject({ status: 'queued' });
  });

  it('linking two households merges their threads; removing the shared phone moves a patient out', async () => {
    t = await createTestCore();
    const core = t;
    await core.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
    const ana = await core.must('patients.create', { firstName: 'Ana', lastName: 'Ruiz', contactPoints: [{ kind: 'phone', value: '+12125550310' }] });
    const ben = await core.must('patients.create', { firstName: 'Ben', lastName: 'Ruiz', contactPoints: [{ kind: 'email', value: 'ben@example.com' }] });
    await core.must('messages.send', { to: { patientId: ana.id }, channel: 'sms', body: 'For Ana' });
    await core.must('messages.send', { to: { patientId: ben.id }, channel: 'email', subject: 'Ben', body: 'For Ben' });
    await core.must('sandbox.replyAsPatient', { channel: 'email', address: 'ben@example.com', body: 'Hello from Ben' });
    const before = (await core.must('inbox.list', { filter: { status: 'all' } })).items;
    expect(before).toHaveLength(2);

    // Ben's record gets the family phone: one household, one thread, nothing lost.
    await core.must('patients.update', { id: ben.id, contactPoints: [{ kind: 'email', value: 'ben@example.com' }, { kind: 'phone', value: '+12125550310' }] });
    const merged = (await core.must('inbox.list', { filter: { status: 'all' } })).items;
    expect(merged).toHaveLength(1);
    expect(merged[0]?.members.map((m) => m.firstName)).toEqual(['Ana', 'Ben']);
    expect(merged[0]?.unreadCount).toBe(1);
    const thread = await core.must('inbox.thread', { conversationId: merged[0]?.id ?? 0 });
    expect(thread.messages.map((m) => m.body.split('\n')[0])).toEqual(['For Ana', 'For Ben', 'Hello from Ben']);

    // The phone is removed from Ben again: he is a household of his own from now on.
    await core.must('patients.update', { id: ben.id, contactPoints: [{ kind: 'email', value: 'ben@example.com' }] });
    const benNow = await core.must('patients.get', { id: ben.id });
    expect(benNow.household?.members.map((m) => m.id)).toEqual([ben.id]);
    expect((await core.must('patients.get', { id: ana.id })).household?.members.map((m) => m.id)).toEqual([ana.id]);
    await core.must('messages.send', { to: { patientId: ben.id }, channel: 'email', subject: 'Ben', body: 'Only Ben' });
    const after = (await core.must('inbox.list', { filter: { status: 'all' } })).items;
    expect(after).toHaveLength(2);
  });
});
