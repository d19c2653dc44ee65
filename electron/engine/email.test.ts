/**
 * Email through nodemailer's pooled SMTP against the SMTP test peer: escaping via the template
 * renderer, the plain-text part, List-Unsubscribe (+ one-click Post), the Message-ID derived from
 * the delivery id, attachments, a hard rejection suppressing the address, a soft one retried, and
 * the second relay taking over when the first is down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpPeer } from '../../test-peers/smtp';
import { FakeClock } from '../foundation/clock';
import { createSmtpProvider } from '../providers/smtp-provider';
import { addPatient, allDeliveries, drain, makeEngineFixture, type EngineFixture } from './test-support';

let primary: SmtpPeer;
let secondary: SmtpPeer;
let fx: EngineFixture | null = null;

beforeAll(async () => {
  primary = await SmtpPeer.start();
  secondary = await SmtpPeer.start();
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
});
afterEach(async () => {
  await fx?.dispose();
  fx = null;
  if (!primary.isRunning) await primary.start();
});

function setup(withSecondary = false): EngineFixture {
  const clock = new FakeClock(Date.UTC(2026, 0, 15, 17, 0, 0));
  const smtp = createSmtpProvider({
    primary: { host: primary.host, port: primary.port, secure: false },
    secondary: withSecondary ? { host: secondary.host, port: secondary.port, secure: false } : null,
    fromAddress: 'frontdesk@clinic.test',
    fromName: 'Main Street Clinic',
    messageIdDomain: 'clinic.test',
    clock,
  });
  fx = makeEngineFixture({ clock, providers: { smtp }, routes: { email: 'smtp', sms: 'sandbox' }, clinic: { clinicName: 'Main Street Clinic' } });
  fx.engine.providerSettings.update({ smtp: { unsubscribeUrl: 'https://clinic.test/unsubscribe', unsubscribeMailto: 'unsubscribe@clinic.test' } });
  return fx;
}

function addEmailTemplate(f: EngineFixture): number {
  const now = f.clock.now();
  f.db.$client
    .prepare(`insert into templates (name, category, purpose, fallback_language, created_at, updated_at) values ('note', 'quick_reply', 'transactional', 'en', ?, ?)`)
    .run(now, now);
  const content = { en: { email: { subject: 'Hello {{ patient.firstName }}', body: 'Dear {{ patient.firstName }},\n\nSee you soon.' } } };
  f.db.$client.prepare(`insert into template_versions (template_id, version, content, created_at) values (1, 1, ?, ?)`).run(JSON.stringify(content), now);
  f.db.$client.prepare('update templates set current_version_id = 1 where id = 1').run();
  return 1;
}

describe('email through SMTP', () => {
  it('escapes patient values in HTML, has a plain-text part, unsubscribe headers and a delivery Message-ID', async () => {
    const f = setup();
    const p = addPatient(f.db, { firstName: '<b>Bob</b> & "Co"', email: 'bob@example.com', channelOrder: ['email'] });
    f.engine.queue({ to: { patientId: p }, origin: 'staff', purpose: 'transactional', templateId: addEmailTemplate(f) });
    await drain(f);
    const [d] = allDeliveries(f.db);
    expect(d?.state).toBe('sent');
    const [mail] = primary.to('bob@example.com');
    expect(mail).toBeDefined();
    if (!mail) return;
    expect(mail.html).toContain('&lt;b&gt;Bob&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(mail.html).not.toContain('<b>Bob</b>');
    expect(mail.text).toContain('Dear <b>Bob</b> & "Co",');
    expect(mail.subject).toBe('Hello <b>Bob</b> & "Co"');
    expect(mail.messageId).toBe(`<delivery-${d?.id}@clinic.test>`);
    expect(mail.headerAll('List-Unsubscribe')).toEqual([
      '<https://clinic.test/unsubscribe?e=bob%40example.com>, <mailto:unsubscribe@clinic.test?subject=unsubscribe%20bob%40example.com>',
    ]);
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('sends an attachment from a local file (a prescription PDF)', async () => {
    const f = setup();
    const file = path.join(f.temp.dir, 'rx.pdf');
    fs.writeFileSync(file, '%PDF-1.4 test');
    f.engine.queue({
      to: { address: 'carol@example.com', channel: 'email' },
      origin: 'staff',
      purpose: 'transactional',
      body: 'Your prescription is attached.',
      subject: 'Prescription',
      attachments: [{ path: file, filename: 'prescription.pdf' }],
    });
    await drain(f);
    const [mail] = primary.to('carol@example.com');
    expect(mail?.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['prescription.pdf', '%PDF-1.4 test']]);
  });

  it('a hard rejection (550 5.1.1) suppresses the address; a soft one (450) is retried', async () => {
    const f = setup();
    primary.reject('gone@example.com', 'hard');
    primary.reject('busy@example.com', 'soft');
    f.engine.queue({ to: { address: 'gone@example.com', channel: 'email' }, origin: 'staff', purpose: 'transactional', body: 'x' });
    f.engine.queue({ to: { address: 'busy@example.com', channel: 'email' }, origin: 'staff', purpose: 'transactional', body: 'y' });
    await f.engine.runOnce();
    primary.accept('busy@example.com');
    await drain(f, { stepMs: 60_000 });
    const rows = allDeliveries(f.db);
    expect(rows.map((d) => [d.address, d.state, d.reason_code])).toEqual([
      ['gone@example.com', 'failed', 'hard_bounce'],
      ['busy@example.com', 'sent', null],
    ]);
    expect(rows[1]?.attempt_count).toBe(2);
    expect(f.db.$client.prepare('select channel, address, reason from suppressions').all()).toEqual([
      { channel: 'email', address: 'gone@example.com', reason: 'hard_bounce' },
    ]);
    const again = f.engine.queue({ to: { address: 'gone@example.com', channel: 'email' }, origin: 'staff', purpose: 'transactional', body: 'z' });
    expect(again).toMatchObject({ status: 'refused', reason: 'suppressed' });
  });

  it('the second relay takes over when the first is down', async () => {
    const f = setup(true);
    await primary.stop();
    f.engine.queue({ to: { address: 'dave@example.com', channel: 'email' }, origin: 'staff', purpose: 'transactional', body: 'via backup' });
    await drain(f);
    expect(secondary.to('dave@example.com')).toHaveLength(1);
    expect(primary.to('dave@example.com')).toHaveLength(0);
    const [d] = allDeliveries(f.db);
    expect(d?.state).toBe('sent');
    expect(d?.attempt_count).toBe(1);
  });
});
