/**
 * Consent and preferences through the whole core (real SQLite, production migrations, the call
 * registry): staff changes carry the actor and source, the history is newest first, a STOP by
 * keyword shows as opted out (source sms_keyword) and cannot be undone by staff, a staff opt-out
 * cancels what was queued for that purpose, and preferences land where the engine reads them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../core-thread/test-core';
import { getChannelOrder, getQuietOverride, latestConsent } from '../engine/engine-repo';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

const PHONE = '+12125550777';
const RITA = 'rita-session';

async function setUp(): Promise<{ t: TestCore; patientId: number }> {
  const core = await createTestCore();
  t = core;
  await core.must('auth.setupAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'admin-password' });
  await core.must('staff.create', { username: 'rita', displayName: 'Rita Reception', password: 'reception password 1', role: 'receptionist' });
  await core.must('auth.signIn', { username: 'rita', password: 'reception password 1' }, RITA);
  const patient = await core.must(
    'patients.create',
    { firstName: 'Consuela', lastName: 'Prefs', contactPoints: [{ kind: 'phone', value: PHONE }, { kind: 'email', value: 'c@example.com' }] },
    RITA,
  );
  return { t: core, patientId: patient.id };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('consent service', () => {
  it('starts at default everywhere; staff changes are appended with actor and source, newest first', async () => {
    const { t, patientId } = await setUp();
    const fresh = await t.must('consent.get', { patientId }, RITA);
    expect(fresh.cells).toHaveLength(8);
    expect(fresh.cells.every((c) => c.state === 'default' && c.source === null)).toBe(true);
    expect(fresh.history).toEqual([]);
    expect(fresh.preferences).toEqual({ channelOrder: ['sms', 'email'], language: 'en', quietHoursOverride: null });

    await t.must('consent.set', { patientId, channel: 'email', purpose: 'marketing', status: 'opted_in', note: 'Asked at the desk' }, RITA);
    t.clock.advance(60_000);
    await t.must('consent.set', { patientId, channel: 'email', purpose: 'marketing', status: 'opted_out' });
    const view = await t.must('consent.get', { patientId }, RITA);
    expect(view.history.map((h) => [h.status, h.source, h.actorName, h.note])).toEqual([
      ['opted_out', 'staff', 'Ada Admin', null],
      ['opted_in', 'staff', 'Rita Reception', 'Asked at the desk'],
    ]);
    expect(view.history[0]!.at - view.history[1]!.at).toBe(60_000);
    expect(view.cells.find((c) => c.channel === 'email' && c.purpose === 'marketing')).toMatchObject({ state: 'opted_out', source: 'staff' });
    // What the engine reads agrees with the editor.
    expect(latestConsent(t.core.db, patientId, 'email', 'marketing')).toBe('opted_out');
    expect(latestConsent(t.core.db, patientId, 'email', 'transactional')).toBeNull();
  });

  it('STOP by keyword shows as SMS opted out (sms_keyword); staff cannot opt the patient back in; START can', async () => {
    const { t, patientId } = await setUp();
    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: PHONE, body: 'STOP' }, RITA);
    const opted = async () => (await t!.must('consent.get', { patientId }, RITA)).history.length > 0;
    for (let i = 0; i < 100 && !(await opted()); i++) await new Promise((r) => setTimeout(r, 10));
    const view = await t.must('consent.get', { patientId }, RITA);
    expect(view.cells.find((c) => c.channel === 'sms' && c.purpose === 'transactional')).toMatchObject({ state: 'opted_out', source: 'sms_keyword' });
    expect(view.history[0]).toMatchObject({ channel: 'sms', status: 'opted_out', source: 'sms_keyword', actorName: null });
    expect(view.suppressions).toEqual([
      expect.objectContaining({ channel: 'sms', address: PHONE, reason: 'stop_keyword', patientMustOptIn: true }),
    ]);

    const refused = await t.call('consent.set', { patientId, channel: 'sms', purpose: 'transactional', status: 'opted_in' }, RITA);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toContain('START');
    }
    const refusedMarketing = await t.call('consent.set', { patientId, channel: 'sms', purpose: 'marketing', status: 'opted_in' }, RITA);
    expect(refusedMarketing.ok).toBe(false);
    // Nothing was appended by the refused attempts; other channels are unaffected.
    expect((await t.must('consent.get', { patientId }, RITA)).history).toHaveLength(view.history.length);
    await t.must('consent.set', { patientId, channel: 'email', purpose: 'marketing', status: 'opted_in' }, RITA);

    await t.must('sandbox.replyAsPatient', { channel: 'sms', address: PHONE, body: 'START' }, RITA);
    await waitFor(() => latestConsent(t.core.db, patientId, 'sms', 'transactional') === 'opted_in');
    const after = await t.must('consent.get', { patientId }, RITA);
    expect(after.suppressions).toEqual([]);
    expect((await t.call('consent.set', { patientId, channel: 'sms', purpose: 'marketing', status: 'opted_in' }, RITA)).ok).toBe(true);
  });

  it('a staff marketing opt-out cancels queued marketing on that channel and leaves transactional messages', async () => {
    const { t, patientId } = await setUp();
    await t.must('consent.set', { patientId, channel: 'sms', purpose: 'marketing', status: 'opted_in' }, RITA);
    const { engine } = t.core.services;
    const marketing = engine.queue({ to: { patientId }, channel: 'sms', origin: 'staff', purpose: 'marketing', body: 'Spring offer' });
    const transactional = engine.queue({ to: { patientId }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'See you at 10' });
    expect(marketing.status).toBe('queued');
    expect(transactional.status).toBe('queued');
    if (marketing.status !== 'queued' || transactional.status !== 'queued') return;

    await t.must('consent.set', { patientId, channel: 'sms', purpose: 'marketing', status: 'opted_out' }, RITA);
    const state = (id: number) => t.core.db.$client.prepare('select state, reason_code reason from deliveries where id = ?').get(id);
    expect(state(marketing.deliveryId)).toEqual({ state: 'cancelled', reason: 'opted_out' });
    expect(state(transactional.deliveryId)).toMatchObject({ state: 'queued' });

    // A transactional opt-out stops everything on the channel.
    await t.must('consent.set', { patientId, channel: 'sms', purpose: 'transactional', status: 'opted_out' }, RITA);
    expect(state(transactional.deliveryId)).toEqual({ state: 'cancelled', reason: 'opted_out' });
  });

  it('preferences land where the engine reads them; a partial update keeps the rest', async () => {
    const { t, patientId } = await setUp();
    await t.must('preferences.update', { patientId, channelOrder: ['email', 'sms'], quietHoursOverride: { start: '20:00', end: '09:00' } }, RITA);
    expect(getChannelOrder(t.core.db, patientId)).toEqual(['email', 'sms']);
    expect(getQuietOverride(t.core.db, patientId)).toEqual({ start: '20:00', end: '09:00' });

    const view = await t.must('preferences.update', { patientId, language: 'es' }, RITA);
    expect(view.preferences).toEqual({ channelOrder: ['email', 'sms'], language: 'es', quietHoursOverride: { start: '20:00', end: '09:00' } });
    expect((await t.must('patients.get', { id: patientId }, RITA)).language).toBe('es');

    await t.must('preferences.update', { patientId, quietHoursOverride: { none: true } }, RITA);
    expect(getQuietOverride(t.core.db, patientId)).toEqual({ none: true });
    await t.must('preferences.update', { patientId, quietHoursOverride: null }, RITA);
    expect(getQuietOverride(t.core.db, patientId)).toBeNull();

    const duplicate = await t.call('preferences.update', { patientId, channelOrder: ['sms', 'sms'] }, RITA);
    expect(duplicate.ok).toBe(false);
    const badTime = await t.call('preferences.update', { patientId, quietHoursOverride: { start: '25:00', end: '09:00' } }, RITA);
    expect(badTime.ok).toBe(false);
    expect((await t.call('consent.get', { patientId: 99_999 }, RITA)).ok).toBe(false);
  });
});

describe('patient profile: message history', () => {
  it('inbox.list with patientId returns that patient’s conversations only, whatever their status', async () => {
    const { t, patientId } = await setUp();
    const other = await t.must('patients.create', { firstName: 'Otto', lastName: 'Other', contactPoints: [{ kind: 'phone', value: '+12125550778' }] }, RITA);
    const { engine } = t.core.services;
    expect(engine.queue({ to: { patientId }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'For Consuela' }).status).toBe('queued');
    expect(engine.queue({ to: { patientId: other.id }, channel: 'sms', origin: 'staff', purpose: 'transactional', body: 'For Otto' }).status).toBe('queued');

    const mine = await t.must('inbox.list', { filter: { patientId, status: 'all' } }, RITA);
    expect(mine.items.map((c) => c.title)).toEqual(['Consuela Prefs']);
    const thread = await t.must('inbox.thread', { conversationId: mine.items[0]!.id }, RITA);
    expect(thread.messages.map((m) => m.body)).toEqual(['For Consuela']);
    const all = await t.must('inbox.list', { filter: { status: 'all' } }, RITA);
    expect(all.items).toHaveLength(2);
  });
});
