/**
 * Email inbound against a real IMAP server on loopback (dovecot, started with a temporary
 * configuration): a reply threads into the conversation of the message it answers (by
 * In-Reply-To/References against our `<delivery-<id>@…>` Message-IDs), a hard bounce
 * suppresses the address and marks the contact point bouncing, a soft one does not; polling
 * again reads nothing twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { DateTime } from 'luxon';
import { startDovecot, type DovecotPeer } from './dovecot-peer';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { IMAP_PASSWORD_KEY, writeSchedulerSettings } from '../scheduler/scheduler-settings';
import { findConversation } from '../repos/conversations-repo';

let peer: DovecotPeer | null = null;
let h: Harness | null = null;
beforeAll(async () => {
  peer = await startDovecot();
});
afterAll(async () => {
  await peer?.stop();
});
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function deliver(raw: string): Promise<void> {
  if (!peer) throw new Error('no IMAP server');
  const client = new ImapFlow({ host: peer.host, port: peer.port, secure: false, auth: { user: peer.user, pass: peer.pass }, logger: false });
  await client.connect();
  try {
    await client.append('INBOX', raw.replace(/\r?\n/g, '\r\n'));
  } finally {
    await client.logout();
  }
}

function dsn(options: { to: string; action: string; status: string; original: string }): string {
  return `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: clinic@example.com
Subject: Delivery Status Notification
Message-ID: <dsn-${Math.random().toString(16).slice(2)}@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=us-ascii

Delivery to ${options.to} ${options.action === 'failed' ? 'failed permanently' : 'is delayed'}.

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Tue, 2 Jun 2026 10:00:00 +0000

Final-Recipient: rfc822; ${options.to}
Action: ${options.action}
Status: ${options.status}
Diagnostic-Code: smtp; ${options.status.startsWith('5') ? '550 5.1.1 user unknown' : '451 4.4.1 try again later'}

--BOUNDARY
Content-Type: text/rfc822-headers

Message-ID: ${options.original}
Subject: Appointment reminder

--BOUNDARY--
`;
}

describe('email inbound over IMAP', () => {
  it('threads replies, suppresses hard bounces only, and never reads a message twice', async () => {
    if (!peer) throw new Error('no IMAP server');
    const start = DateTime.fromISO('2026-06-02T10:00', { zone: 'America/New_York' }).toMillis();
    h = openHarness({ start, clinic: { timeZone: 'America/New_York' } });
    writeSchedulerSettings(h.settings, { imap: { host: peer.host, port: peer.port, secure: false, user: peer.user } });
    h.secrets.set(IMAP_PASSWORD_KEY, peer.pass);

    const ann = h.addPatient({ firstName: 'Ann', email: 'ann@example.com' });
    const bob = h.addPatient({ firstName: 'Bob', email: 'bob@example.com' });
    const cat = h.addPatient({ firstName: 'Cat', email: 'cat@example.com' });
    const out = h.engine.queue({ to: { patientId: ann }, channel: 'email', origin: 'staff', purpose: 'transactional', subject: 'Your visit', body: 'See you soon' });
    if (out.status !== 'queued') throw new Error(`not queued: ${JSON.stringify(out)}`);
    await h.engine.runOnce();
    const annConversation = h.sqlite.prepare('select conversation_id as id from messages where id = ?').get(out.messageId) as { id: number };

    // Ann answers from her work address (unknown to us): the headers thread it.
    await deliver(`From: Ann Smith <ann.smith@work.example.org>
To: clinic@example.com
Subject: Re: Your visit
Message-ID: <reply-1@work.example.org>
In-Reply-To: <delivery-${out.deliveryId}@frontdesk.local>
References: <delivery-${out.deliveryId}@frontdesk.local>
Content-Type: text/plain; charset=utf-8

Can I come 15 minutes later?

On Tue, Jun 2, 2026 at 10:00 AM Clinic wrote:
> See you soon
`);
    await deliver(dsn({ to: 'bob@example.com', action: 'failed', status: '5.1.1', original: '<delivery-999@frontdesk.local>' }));
    await deliver(dsn({ to: 'cat@example.com', action: 'delayed', status: '4.4.1', original: '<delivery-998@frontdesk.local>' }));

    const result = await h.scheduler.imapInbound.poll(h.clock.now());
    expect(result).toMatchObject({ replies: 1, threaded: 1, hardBounces: ['bob@example.com'], softBounces: ['cat@example.com'] });

    const reply = h.sqlite
      .prepare(`select conversation_id as conversationId, patient_id as patientId, address, body, subject from messages where direction = 'inbound'`)
      .all() as Array<{ conversationId: number; patientId: number; address: string; body: string; subject: string }>;
    expect(reply).toEqual([
      { conversationId: annConversation.id, patientId: ann, address: 'ann.smith@work.example.org', body: 'Can I come 15 minutes later?', subject: 'Re: Your visit' },
    ]);
    expect(findConversation(h.db, annConversation.id)?.unreadCount).toBe(1);
    expect(h.notifications).toHaveLength(1);

    const suppressed = h.sqlite.prepare(`select address, reason from suppressions where channel = 'email' and lifted_at is null`).all();
    expect(suppressed).toEqual([{ address: 'bob@example.com', reason: 'hard_bounce' }]);
    const status = (id: number) => (h?.sqlite.prepare(`select status from contact_points where patient_id = ? and kind = 'email'`).get(id) as { status: string }).status;
    expect(status(bob)).toBe('bouncing');
    expect(status(cat)).toBe('ok');
    // The engine now refuses email to Bob; Cat can still be emailed.
    expect(h.engine.queue({ to: { patientId: bob }, channel: 'email', origin: 'staff', purpose: 'transactional', subject: 'x', body: 'x' }).status).toBe('refused');
    expect(h.engine.queue({ to: { patientId: cat }, channel: 'email', origin: 'staff', purpose: 'transactional', subject: 'x', body: 'x' }).status).toBe('queued');

    // Polling again reads nothing twice; a new message is read, even after a restart.
    expect(await h.scheduler.imapInbound.poll(h.clock.now())).toMatchObject({ replies: 0, hardBounces: [], softBounces: [] });
    const h2 = await h.restart();
    h = h2;
    await deliver(`From: bob@example.com
To: clinic@example.com
Subject: Hello
Message-ID: <hello-2@example.com>
Content-Type: text/plain

New address soon.
`);
    const again = await h2.scheduler.imapInbound.poll(h2.clock.now());
    expect(again).toMatchObject({ replies: 1, threaded: 0, hardBounces: [] });
    const bobMessages = h2.sqlite.prepare(`select patient_id as patientId, body from messages where direction = 'inbound' and address = 'bob@example.com'`).all();
    expect(bobMessages).toEqual([{ patientId: bob, body: 'New address soon.' }]);
  });
});
