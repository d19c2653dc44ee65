/**
 * The audience builder and the result page through the call registry: appointments in a day
 * range with status and clinician from the clinic's own lists, saved audiences, the recipient list
 * with the rule behind each exclusion, the message as each channel will send it with its cost,
 * and afterwards every recipient with state and reason, the timeline and the CSV.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestCore, type TestCore } from '../core-thread/test-core';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

const NY = 'America/New_York';

async function seed(core: TestCore) {
  await core.must('auth.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin-password' });
  const day = DateTime.fromMillis(core.clock.now(), { zone: NY }).startOf('day');
  const tomorrow = (h: number) => day.plus({ days: 1, hours: h }).toMillis();
  const people = [
    { first: 'Ada', phone: '+12125550101', at: tomorrow(9), clinician: 'Dr. Chen', location: 'Main St' },
    { first: 'Ben', phone: '+12125550102', at: tomorrow(10), clinician: 'Dr. Rivera', location: 'Main St', confirm: true },
    { first: 'Cy', phone: '+12125550103', at: tomorrow(11), clinician: 'Dr. Chen', location: 'Harbor' },
    { first: 'Dee', phone: null, at: tomorrow(12), clinician: 'Dr. Chen', location: 'Harbor' },
    { first: 'Eve', phone: '+12125550105', at: day.plus({ days: 3, hours: 9 }).toMillis(), clinician: 'Dr. Chen', location: 'Main St' },
    { first: 'Fay', phone: '+12125550106', at: day.minus({ days: 1 }).plus({ hours: 9 }).toMillis(), clinician: 'Dr. Chen', location: 'Main St' },
  ];
  const ids: Record<string, number> = {};
  for (const p of people) {
    const patient = await core.must('patients.create', {
      firstName: p.first,
      lastName: 'Test',
      contactPoints: p.phone ? [{ kind: 'phone', value: p.phone }] : [],
    });
    ids[p.first] = patient.id;
    const appt = await core.must('appointments.create', { patientId: patient.id, clinician: p.clinician, location: p.location, startsAt: p.at });
    if (p.confirm) await core.must('appointments.setStatus', { id: appt.id, status: 'confirmed' });
  }
  await core.must('consent.set', { patientId: ids.Ada as number, channel: 'sms', purpose: 'marketing', status: 'opted_in' });
  await core.must('consent.set', { patientId: ids.Cy as number, channel: 'sms', purpose: 'transactional', status: 'opted_out' });
  const template = await core.must('templates.create', {
    name: 'Flu clinic',
    category: 'broadcast',
    purpose: 'marketing',
    fallbackLanguage: 'en',
    content: { en: { sms: { body: 'Hi {{ patient.firstName }}, flu shots are in. Reply STOP to opt out.' } } },
  });
  return { ids, templateId: template.id };
}

describe('audience builder calls', () => {
  it('filters by appointments in a day range, status, clinician and location from the clinic’s own lists', async () => {
    t = await createTestCore();
    await seed(t);
    expect(await t.must('appointments.options', {})).toEqual({ clinicians: ['Dr. Chen', 'Dr. Rivera'], locations: ['Harbor', 'Main St'] });
    const names = async (appointments: object) => {
      const p = await t!.must('broadcasts.previewAudience', { audience: { appointments } as never });
      return p.recipients?.items.map((r) => r.name.split(' ')[0]);
    };
    expect(await names({ range: { kind: 'tomorrow' } })).toEqual(['Ada', 'Ben', 'Cy', 'Dee']);
    expect(await names({ range: { kind: 'tomorrow' }, status: 'confirmed' })).toEqual(['Ben']);
    expect(await names({ range: { kind: 'tomorrow' }, status: 'unconfirmed', clinician: 'Dr. Chen' })).toEqual(['Ada', 'Cy', 'Dee']);
    expect(await names({ range: { kind: 'tomorrow' }, location: 'Harbor' })).toEqual(['Cy', 'Dee']);
    expect(await names({ range: { kind: 'nextDays', days: 4 } })).toEqual(['Ada', 'Ben', 'Cy', 'Dee', 'Eve']);
    const date = DateTime.fromMillis(t.clock.now(), { zone: NY }).minus({ days: 1 }).toISODate() as string;
    expect(await names({ range: { kind: 'date', date } })).toEqual(['Fay']);
    expect(await names({ range: { kind: 'today' } })).toEqual([]);
    const bad = await t.call('broadcasts.previewAudience', { audience: { appointments: { range: { kind: 'nextDays', days: 0 } } } });
    expect(bad.ok).toBe(false);
  });

  it('saves an audience under a name, replaces it by the same name, and deletes it', async () => {
    t = await createTestCore();
    await seed(t);
    const saved = await t.must('broadcasts.saveAudience', { name: 'Tomorrow', audience: { appointments: { range: { kind: 'tomorrow' } } } });
    await t.must('broadcasts.saveAudience', { name: 'Tomorrow', audience: { appointments: { range: { kind: 'tomorrow' }, status: 'confirmed' } } });
    const list = await t.must('broadcasts.listAudiences', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: saved.id, name: 'Tomorrow', audience: { appointments: { status: 'confirmed' } } });
    expect((await t.call('broadcasts.saveAudience', { name: ' ', audience: {} })).ok).toBe(false);
    expect(await t.must('broadcasts.deleteAudience', { id: saved.id })).toEqual({ deleted: true });
    expect(await t.must('broadcasts.listAudiences', {})).toEqual([]);
  });

  it('names who is excluded and why, renders the message per channel with its cost, and the result says the same', async () => {
    t = await createTestCore();
    const { ids, templateId } = await seed(t);
    const audience = { appointments: { range: { kind: 'tomorrow' as const } } };
    const preview = await t.must('broadcasts.previewAudience', { audience, purpose: 'marketing', content: { templateId } });
    expect(preview.breakdown).toEqual({
      byChannel: { sms: 1 },
      held: [],
      excluded: [
        { reason: 'no_contact_point', count: 1 },
        { reason: 'no_marketing_consent', count: 1 },
        { reason: 'opted_out', count: 1 },
      ],
    });
    const byName = Object.fromEntries((preview.recipients?.items ?? []).map((r) => [r.name, r]));
    expect(byName['Ada Test']).toMatchObject({ outcome: 'send', channel: 'sms', reason: null });
    expect(byName['Ben Test']).toMatchObject({ outcome: 'exclude', reason: 'no_marketing_consent', reasonText: expect.stringContaining('explicit opt-in') });
    expect(byName['Cy Test']).toMatchObject({ outcome: 'exclude', reason: 'opted_out', reasonText: 'The patient opted out of this channel' });
    expect(preview.channels).toEqual([
      {
        channel: 'sms',
        count: 1,
        sample: { patientName: 'Ada Test', subject: null, body: 'Hi Ada, flu shots are in. Reply STOP to opt out.', segments: 1, encoding: 'GSM-7' },
        sampleError: null,
        provider: 'sandbox',
        sandbox: true,
        unitPrice: 0,
        estimatedCost: 0,
      },
    ]);
    const search = await t.must('broadcasts.previewAudience', { audience, purpose: 'marketing', content: { templateId }, search: 'be' });
    expect(search.recipients).toMatchObject({ total: 1, items: [{ name: 'Ben Test' }] });
    const onlyExcluded = await t.must('broadcasts.previewAudience', { audience, purpose: 'marketing', content: { templateId }, outcome: 'exclude', limit: 2 });
    expect(onlyExcluded.recipients?.total).toBe(3);
    expect(onlyExcluded.recipients?.items).toHaveLength(2);

    const draft = await t.must('broadcasts.createDraft', { name: 'Flu / tomorrow', templateId, audience, purpose: 'marketing' });
    await t.must('broadcasts.approve', { id: draft.id });
    // Approval for "now" starts the sender at once; wait until every recipient is handled.
    const handled = async () => {
      const c = (await t!.must('broadcasts.get', { id: draft.id })).counts;
      return c.total > 0 && c.pending === 0;
    };
    for (let i = 0; i < 80 && !(await handled()); i++) await new Promise((r) => setTimeout(r, 25));
    await t.core.services.engine.runOnce();
    const result = await t.must('broadcasts.recipients', { id: draft.id });
    expect(result.total).toBe(4);
    const rows = Object.fromEntries(result.items.map((r) => [r.name, r]));
    expect(rows['Ada Test']).toMatchObject({ channel: 'sms', address: '+12125550101', reason: null });
    expect(['sent', 'delivered']).toContain(rows['Ada Test']?.state);
    expect(rows['Ben Test']).toMatchObject({ state: 'excluded', reason: 'no_marketing_consent', errorCode: null });
    expect(rows['Dee Test']).toMatchObject({ state: 'excluded', reason: 'no_contact_point' });
    expect(result.items.map((r) => r.reasonText ?? '').join(' ')).not.toMatch(/provider refused/i);
    expect((await t.must('broadcasts.recipients', { id: draft.id, state: 'excluded', search: 'c' })).items.map((r) => r.name)).toEqual(['Cy Test']);
    // An excluded patient has no message in their history.
    const history = t.core.db.$client.prepare('select count(*) as n from messages where patient_id = ? and broadcast_id = ?').get(ids.Ben, draft.id) as { n: number };
    expect(history.n).toBe(0);

    const timeline = await t.must('broadcasts.timeline', { id: draft.id, buckets: 5 });
    expect(timeline).toHaveLength(5);
    expect(timeline.at(-1)?.sent).toBe(1);
    // A broadcast that went out at once still gets a readable minute-wide axis.
    expect((timeline.at(-1)?.at ?? 0) - (timeline[0]?.at ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(timeline.map((p) => p.sent)).toEqual([...timeline.map((p) => p.sent)].sort((a, b) => a - b));
    const csv = await t.must('broadcasts.exportCsv', { id: draft.id });
    expect(csv.fileName).toBe('Flu-tomorrow-recipients.csv');
    expect(csv.csv.startsWith('\uFEFFPatient,Patient id,State,Channel')).toBe(true);
    expect(csv.csv).toContain('Ben Test');
    expect(csv.csv).toContain('Marketing needs');
    expect(csv.csv.split('\r\n').filter(Boolean)).toHaveLength(5);
    const audit = t.core.db.$client.prepare("select entity_id as id from audit_log where action = 'export.broadcast_recipients'").all() as Array<{ id: number }>;
    expect(audit).toEqual([{ id: String(draft.id) }]);
  });

  it('a search reuses the last plan, and a consent change or a template edit plans again', async () => {
    t = await createTestCore();
    const { ids, templateId } = await seed(t);
    const audience = { appointments: { range: { kind: 'tomorrow' as const } } };
    const input = { audience, purpose: 'marketing' as const, content: { templateId } };
    expect((await t.must('broadcasts.previewAudience', input)).breakdown?.byChannel).toEqual({ sms: 1 });
    expect((await t.must('broadcasts.previewAudience', { ...input, search: 'ada' })).recipients?.items).toMatchObject([{ name: 'Ada Test', outcome: 'send' }]);
    await t.must('consent.set', { patientId: ids.Ada as number, channel: 'sms', purpose: 'marketing', status: 'opted_out' });
    const after = await t.must('broadcasts.previewAudience', { ...input, search: 'ada' });
    expect(after.recipients?.items).toMatchObject([{ name: 'Ada Test', outcome: 'exclude', reason: 'opted_out' }]);
    await t.must('consent.set', { patientId: ids.Ben as number, channel: 'sms', purpose: 'marketing', status: 'opted_in' });
    await t.must('templates.saveVersion', { id: templateId, content: { en: { sms: { body: 'Hello {{ patient.firstName }}, new text. Reply STOP to opt out.' } } } });
    const edited = await t.must('broadcasts.previewAudience', input);
    expect(edited.channels?.[0]?.sample?.body).toBe('Hello Ben, new text. Reply STOP to opt out.');
  });
});
