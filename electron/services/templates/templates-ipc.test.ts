/**
 * Templates through the real call registry: roles, field-level issues over IPC, audit of changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../core-thread/test-core';

let t: TestCore;
const ADMIN = 'admin-session';
const MANAGER = 'manager-session';
const RECEPTION = 'reception-session';

beforeAll(async () => {
  t = await createTestCore();
  await t.must('auth.setupAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery' }, ADMIN);
  await t.must('staff.create', { username: 'moira', displayName: 'Mo Manager', role: 'manager', password: 'manager-pass-123' }, ADMIN);
  await t.must('staff.create', { username: 'rita', displayName: 'Rita Reception', role: 'receptionist', password: 'receptionist-pass' }, ADMIN);
  await t.must('auth.signIn', { username: 'moira', password: 'manager-pass-123' }, MANAGER);
  await t.must('auth.signIn', { username: 'rita', password: 'receptionist-pass' }, RECEPTION);
});
afterAll(async () => {
  await t.dispose();
});

describe('templates over IPC', () => {
  it('a manager creates and saves; a receptionist may list, get and preview but not change; changes are audited', async () => {
    const content = { en: { sms: { body: 'Hi {{ patient.firstName }}, see you {{ appointment.date }} at {{ appointment.time }}.' } } };
    const created = await t.must('templates.create', { name: 'Reminder', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content }, MANAGER);
    expect(created.versions[0]?.createdByName).toBe('Mo Manager');

    expect((await t.must('templates.list', { category: 'reminder' }, RECEPTION)).items.map((i) => i.name)).toEqual(['Reminder']);
    expect((await t.must('templates.get', { id: created.id }, RECEPTION)).content).toEqual(content);
    const preview = await t.must('templates.preview', { templateId: created.id, channel: 'sms' }, RECEPTION);
    expect(preview.rendered).toMatchObject({ channel: 'sms', body: expect.stringContaining('Hi Ana, see you Tuesday, March 10') });

    const denied = await t.call('templates.saveVersion', { id: created.id, content }, RECEPTION);
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const deniedRollback = await t.call('templates.rollback', { id: created.id, version: 1 }, RECEPTION);
    expect(deniedRollback).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const audit = await t.must('audit.list', {}, MANAGER);
    expect(audit.map((a) => a.action)).toContain('templates.create');
  });

  it('an unknown variable comes back as a validation error with the field path and the variable named', async () => {
    const result = await t.call(
      'templates.create',
      { name: 'Broken', category: 'reminder', purpose: 'transactional', fallbackLanguage: 'en', content: { en: { sms: { body: 'Hi {{ patient.nickname }}' } } } },
      MANAGER,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Unknown variable "patient.nickname"', issues: [{ path: 'content.en.sms.body', message: 'Unknown variable "patient.nickname"' }] },
    });
    expect((await t.must('templates.list', { query: 'Broken' }, MANAGER)).items).toHaveLength(0);
  });
});
