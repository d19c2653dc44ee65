/**
 * The template service against a real SQLite file with the production migrations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../foundation/clock';
import { DomainError } from '../../foundation/errors';
import { openTempDatabase, type TempDatabase } from '../../db/test-db';
import { staff } from '../../db/schema';
import { insertAppointment } from '../../repos/appointments-repo';
import { insertPatient } from '../../repos/patients-repo';
import { contract } from '../../../shared/contract';
import { defaultClinicSettings, type ClinicSettings } from '../../../shared/domain';
import type { TemplateContent } from '../../../shared/templates';
import { TemplatesService } from './templates-service';

let tdb: TempDatabase;
let clock: FakeClock;
let service: TemplatesService;
let managerId: number;
const clinic: ClinicSettings = { ...defaultClinicSettings, clinicName: 'Main Street Clinic', clinicPhone: '+1 555 010 0100', timeZone: 'America/New_York' };

const v1: TemplateContent = {
  en: {
    sms: { body: 'Hi {{ patient.firstName }}, see you {{ appointment.start | date: "%a %b %-d at %-l:%M %p" }}. Reply C to confirm.' },
    email: { subject: 'Your visit on {{ appointment.date }}', body: 'Hello {{ patient.fullName }},\n\nSee you at {{ appointment.time }}.' },
  },
};
const v2: TemplateContent = { en: { sms: { body: 'Reminder: {{ appointment.date }} at {{ appointment.time }}, {{ clinic.name }}.' } } };

function expectDomainError(fn: () => unknown, code: DomainError['code']): DomainError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(code);
    return err as DomainError;
  }
  throw new Error('expected a DomainError');
}

beforeEach(() => {
  clock = new FakeClock(Date.UTC(2026, 2, 1, 15, 0));
  tdb = openTempDatabase({ clock });
  service = new TemplatesService(tdb.db, clock, () => clinic);
  managerId = tdb.db
    .insert(staff)
    .values({ username: 'maria', displayName: 'Maria Manager', role: 'manager', passwordHash: 'x', createdAt: clock.now() })
    .returning()
    .get().id;
});

afterEach(() => tdb.dispose());

describe('TemplatesService', () => {
  it('create stores version 1 as current; get returns content and versions; list filters by category and tag', () => {
    const created = service.create({ name: 'Reminder 24h', category: 'reminder', purpose: 'transactional', tags: ['sms', 'default'], fallbackLanguage: 'en', content: v1 }, managerId);
    expect(created).toMatchObject({ name: 'Reminder 24h', currentVersion: 1, languages: ['en'], channels: ['sms', 'email'], content: v1 });
    expect(created.versions).toHaveLength(1);
    expect(created.versions[0]).toMatchObject({ version: 1, createdBy: managerId, createdByName: 'Maria Manager', restoredFromVersion: null });
    service.create({ name: 'Flu shots', category: 'broadcast', purpose: 'marketing', tags: ['seasonal'], fallbackLanguage: 'en', content: { en: { sms: { body: 'Flu shots at {{ clinic.name }}' } } } }, managerId);

    expect(service.get(created.id).content).toEqual(v1);
    expect(service.list({}).items.map((t) => t.name)).toEqual(['Flu shots', 'Reminder 24h']);
    expect(service.list({ category: 'reminder' }).items.map((t) => t.name)).toEqual(['Reminder 24h']);
    expect(service.list({ tag: 'SEASONAL' }).items.map((t) => t.name)).toEqual(['Flu shots']);
    expect(service.list({ query: 'remind' }).items.map((t) => t.name)).toEqual(['Reminder 24h']);
    expectDomainError(() => service.create({ name: 'Reminder 24h', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: v1 }, managerId), 'conflict');
  });

  it('saving an invalid template is refused with field-level issues and stores nothing', () => {
    const err = expectDomainError(
      () =>
        service.create(
          { name: 'Bad', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: { en: { sms: { body: 'Hi {{ patient.frist }}' }, email: { subject: '', body: 'x' } } } },
          managerId,
        ),
      'validation',
    );
    expect(err.message).toBe('Write a subject (and 1 more problem)');
    expect(err.issues).toEqual([
      { path: 'content.en.email.subject', message: 'Write a subject' },
      { path: 'content.en.sms.body', name: 'patient.frist', message: 'Unknown variable "patient.frist" — did you mean "patient.first"?'.replace('"patient.first"', '"patient.firstName"') },
    ]);
    expect(service.list({ includeArchived: true }).items).toHaveLength(0);
  });

  it('saveVersion creates a new version; unchanged content creates none; a stale base version is a conflict', () => {
    const t = service.create({ name: 'R', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: v1 }, managerId);
    clock.advance(60_000);
    const saved = service.saveVersion({ id: t.id, content: v2, note: 'shorter', baseVersion: 1 }, managerId);
    expect(saved.currentVersion).toBe(2);
    expect(saved.content).toEqual(v2);
    expect(saved.versions.map((v) => [v.version, v.note])).toEqual([
      [2, 'shorter'],
      [1, null],
    ]);
    const same = service.saveVersion({ id: t.id, content: v2, tags: ['x'] }, managerId);
    expect(same.currentVersion).toBe(2);
    expect(same.versions).toHaveLength(2);
    expect(same.tags).toEqual(['x']);
    const err = expectDomainError(() => service.saveVersion({ id: t.id, content: v1, baseVersion: 1 }, managerId), 'conflict');
    expect(err.message).toContain('Version 2 was saved while you were editing version 1');
    const invalid = expectDomainError(() => service.saveVersion({ id: t.id, content: { en: { sms: { body: '{{ nope }}' } } } }, managerId), 'validation');
    expect(invalid.issues?.[0]).toMatchObject({ path: 'content.en.sms.body', name: 'nope' });
    expect(service.get(t.id).currentVersion).toBe(2);
  });

  it('changing the category re-validates: appointment variables are refused in a broadcast', () => {
    const t = service.create({ name: 'R', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: v2 }, managerId);
    const err = expectDomainError(() => service.saveVersion({ id: t.id, content: v2, category: 'broadcast' }, managerId), 'validation');
    expect(err.issues?.[0]?.message).toContain('"appointment.date" is not available in broadcast templates');
  });

  it('rollback restores an earlier version as a NEW version and keeps the history', () => {
    const t = service.create({ name: 'R', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: v1 }, managerId);
    service.saveVersion({ id: t.id, content: v2 }, managerId);
    const rolled = service.rollback({ id: t.id, version: 1 }, managerId);
    expect(rolled.currentVersion).toBe(3);
    expect(rolled.content).toEqual(v1);
    expect(rolled.versions.map((v) => [v.version, v.restoredFromVersion, v.note])).toEqual([
      [3, 1, 'Restored version 1'],
      [2, null, null],
      [1, null, null],
    ]);
    expect(rolled.versions.find((v) => v.version === 2)?.content).toEqual(v2);
    expectDomainError(() => service.rollback({ id: t.id, version: 3 }, managerId), 'conflict');
    expectDomainError(() => service.rollback({ id: t.id, version: 9 }, managerId), 'not_found');
    // Rolling forward again works the same way.
    expect(service.rollback({ id: t.id, version: 2 }, managerId)).toMatchObject({ currentVersion: 4, content: v2 });
  });

  it('preview renders for a patient and appointment from the database, in the patient zone and language', () => {
    const t = service.create(
      {
        name: 'R',
        category: 'reminder',
        purpose: 'transactional',
        fallbackLanguage: 'en',
        content: { ...v1, es: { sms: { body: 'Hola {{ patient.firstName }}, el {{ appointment.start | date: "%A a las %H:%M" }}.' } } },
      },
      managerId,
    );
    const now = clock.now();
    const patient = insertPatient(tdb.db, { firstName: '<b>Ana</b>', lastName: 'Silva', language: 'es', timeZone: 'America/Los_Angeles', createdAt: now, updatedAt: now });
    const appt = insertAppointment(tdb.db, { patientId: patient.id, clinician: 'Dr. Rivera', location: 'Room 2', startsAt: Date.UTC(2026, 2, 10, 17, 0), durationMinutes: 30, createdAt: now, updatedAt: now });

    const sms = service.preview({ templateId: t.id, channel: 'sms', patientId: patient.id, appointmentId: appt.id });
    // 17:00 UTC on 2026-03-10 is 10:00 in Los Angeles (PDT since 2026-03-08).
    expect(sms.rendered).toMatchObject({ channel: 'sms', language: 'es', body: 'Hola <b>Ana</b>, el martes a las 10:00.' });
    const email = service.preview({ templateId: t.id, channel: 'email', patientId: patient.id });
    expect(email.rendered).toMatchObject({ channel: 'email', language: 'en', usedFallback: true, subject: 'Your visit on Tuesday, March 10' });
    if (email.rendered.channel !== 'email') throw new Error('expected email');
    expect(email.rendered.html).toContain('Hello &lt;b&gt;Ana&lt;/b&gt; Silva');
    expect(email.rendered.text).toContain('See you at 10:00 AM.');

    const sample = service.preview({ templateId: t.id, channel: 'sms' });
    expect(sample.rendered).toMatchObject({ channel: 'sms', body: expect.stringContaining('Hi Ana,') });
    const other = insertPatient(tdb.db, { firstName: 'Bo', lastName: 'Li', createdAt: now, updatedAt: now });
    expectDomainError(() => service.preview({ templateId: t.id, channel: 'sms', patientId: other.id, appointmentId: appt.id }), 'validation');
    expectDomainError(() => service.preview({ templateId: t.id, channel: 'sms', patientId: other.id }), 'validation');
  });

  it('preview of unsaved editor content shows sensitive warnings for the channel; render errors come back as issues', () => {
    const out = service.preview({ content: { en: { sms: { body: 'Your {{ appointment.reason }} visit' } } }, category: 'appointment', channel: 'sms' });
    expect(out.warnings.map((w) => w.variable)).toEqual(['appointment.reason']);
    const err = expectDomainError(() => service.preview({ content: { en: { sms: { body: '{{ appointment.start }}' } } }, category: 'broadcast', channel: 'sms' }), 'validation');
    expect(err.issues?.[0]).toMatchObject({ path: 'content.en.sms.body', name: 'appointment.start' });
  });

  it('validate reports issues, warnings and segment counts without saving', () => {
    const v = service.validate({ content: { en: { sms: { body: 'Olá {{ patient.firstName }}, {{ appointment.reason }}' } } }, category: 'reminder', fallbackLanguage: 'en' });
    expect(v.ok).toBe(true);
    expect(v.warnings.map((w) => w.kind).sort()).toEqual(['sensitive', 'sms_unicode']);
    expect(v.smsSegments.en?.encoding).toBe('UCS-2');
    expect(service.list({}).items).toHaveLength(0);
  });

  it('access: receptionists may list, get, validate and preview; only managers create, save, roll back and archive', () => {
    const access = (name: keyof typeof contract) => contract[name].access;
    expect(['templates.list', 'templates.get', 'templates.preview', 'templates.validate'].map((n) => access(n as keyof typeof contract))).toEqual([
      'receptionist',
      'receptionist',
      'receptionist',
      'receptionist',
    ]);
    expect(['templates.create', 'templates.saveVersion', 'templates.rollback', 'templates.archive'].map((n) => access(n as keyof typeof contract))).toEqual([
      'manager',
      'manager',
      'manager',
      'manager',
    ]);
    for (const n of ['templates.create', 'templates.saveVersion', 'templates.rollback', 'templates.archive'] as const) expect(contract[n].mutates).toBe(true);
  });

  it('the IPC input schemas reject junk content (unknown keys, bad language codes)', () => {
    const input = contract['templates.saveVersion'].input;
    expect(input.safeParse({ id: 1, content: { en: { sms: { body: 'x' } } } }).success).toBe(true);
    expect(input.safeParse({ id: 1, content: { en: { sms: { body: 'x', extra: 1 } } } }).success).toBe(false);
    expect(input.safeParse({ id: 1, content: { English: { sms: { body: 'x' } } } }).success).toBe(false);
    expect(input.safeParse({ id: 1, content: { en: { fax: { body: 'x' } } } }).success).toBe(false);
    expect(contract['templates.preview'].input.safeParse({ channel: 'sms' }).success).toBe(false);
  });
});
