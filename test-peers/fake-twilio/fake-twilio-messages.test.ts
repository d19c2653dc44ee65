/**
 * The fake Twilio's Messages resource driven by the real `twilio` SDK: if these pass, the engine's
 * Twilio provider talks to the same wire shapes it will meet in production (providers.md
 * sections 1, 2 and 7): shapes, status progression, lists and filters, validation, WhatsApp.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAcceptedLog } from './index';
import { describe, expect, it } from 'vitest';
import { FROM, restError, sdk, startFake, tmpDir, useFakeTwilioPerTest } from './sdk-test-support';

useFakeTwilioPerTest();

describe('fake Twilio: Messages', () => {
  it('create answers 201 with the exact message shape, segments as a string, dates the SDK parses', async () => {
    const logFile = path.join(tmpDir(), 'accepted.jsonl');
    const f = await startFake({ logFile, markerPattern: /\[ref:([\w-]+)\]/, progression: { mode: 'manual' } });
    const client = sdk(f);
    const msg = await client.messages.create({ to: '+15551230001', from: FROM, body: 'Hello Ana [ref:d-42]' });
    expect(msg.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(msg.status).toBe('queued');
    expect(msg.numSegments).toBe('1');
    expect(msg.numMedia).toBe('0');
    expect(msg.direction).toBe('outbound-api');
    expect(msg.price).toBeNull();
    expect(msg.dateSent).toBeNull();
    expect(msg.dateCreated).toBeInstanceOf(Date);
    expect(msg.errorCode).toBeNull();
    expect(msg.uri).toBe(`/2010-04-01/Accounts/${f.accountSid}/Messages/${msg.sid}.json`);

    const long = await client.messages.create({ to: '+15551230001', from: FROM, body: 'a'.repeat(161) });
    expect(long.numSegments).toBe('2');
    const unicode = await client.messages.create({ to: '+15551230001', from: FROM, body: 'Olá 😀 ' + 'x'.repeat(70) });
    expect(unicode.numSegments).toBe('2');

    expect(f.accepted.map((a) => a.body)).toEqual(['Hello Ana [ref:d-42]', 'a'.repeat(161), 'Olá 😀 ' + 'x'.repeat(70)]);
    expect(f.accepted[0]?.marker).toBe('d-42');
    const fromFile = parseAcceptedLog(fs.readFileSync(logFile, 'utf8'));
    expect(fromFile.map((r) => r.sid)).toEqual(f.accepted.map((r) => r.sid));
    expect(fromFile[0]).toMatchObject({ kind: 'message', to: '+15551230001', from: FROM, marker: 'd-42', segments: 1 });
  });

  it('the raw JSON has num_segments as a string, price "-0.00750" and RFC 2822 dates with +0000', async () => {
    const f = await startFake();
    const client = sdk(f);
    const msg = await client.messages.create({ to: '+15551230002', from: FROM, body: 'Hi' });
    const res = await fetch(`${f.baseUrl}/2010-04-01/Accounts/${f.accountSid}/Messages/${msg.sid}.json`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`${f.accountSid}:${f.authToken}`).toString('base64') },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.num_segments).toBe('1');
    expect(json.price).toBe('-0.00750');
    expect(json.status).toBe('delivered');
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.subresource_uris).toEqual({ media: `/2010-04-01/Accounts/${f.accountSid}/Messages/${msg.sid}/Media.json` });
  });

  it('statuses progress queued → sent → delivered by ticks, and a scripted recipient ends undelivered with 30003', async () => {
    const f = await startFake({ progression: { mode: 'manual' } });
    f.script('+15551230099', { finalStatus: 'undelivered', errorCode: 30003 });
    const client = sdk(f);
    const ok = await client.messages.create({ to: '+15551230003', from: FROM, body: 'ok' });
    const bad = await client.messages.create({ to: '+15551230099', from: FROM, body: 'bad' });
    expect((await client.messages(ok.sid).fetch()).status).toBe('queued');
    f.advanceStatuses();
    const sent = await client.messages(ok.sid).fetch();
    expect(sent.status).toBe('sent');
    expect(sent.dateSent).toBeInstanceOf(Date);
    expect(sent.price).toBe('-0.00750');
    f.advanceStatuses();
    expect((await client.messages(ok.sid).fetch()).status).toBe('delivered');
    const undelivered = await client.messages(bad.sid).fetch();
    expect(undelivered.status).toBe('undelivered');
    expect(undelivered.errorCode).toBe(30003);
    expect(undelivered.errorMessage).toBe('Unreachable destination handset');
    f.advanceStatuses(5);
    expect((await client.messages(ok.sid).fetch()).status).toBe('delivered');
  });

  it('per-fetch progression moves one step per fetch; a limited script applies to the next N sends only', async () => {
    const f = await startFake({ progression: { mode: 'per-fetch' } });
    f.script('+15551230004', { finalStatus: 'undelivered', times: 1 });
    const client = sdk(f);
    const first = await client.messages.create({ to: '+15551230004', from: FROM, body: 'one' });
    const second = await client.messages.create({ to: '+15551230004', from: FROM, body: 'two' });
    expect((await client.messages(first.sid).fetch()).status).toBe('sent');
    expect((await client.messages(first.sid).fetch()).status).toBe('undelivered');
    expect((await client.messages(second.sid).fetch()).status).toBe('sent');
    expect((await client.messages(second.sid).fetch()).status).toBe('delivered');
  });

  it('timed progression follows the fake clock', async () => {
    let now = Date.UTC(2026, 2, 1, 10, 0, 0);
    const f = await startFake({ now: () => new Date(now), progression: { mode: 'timed', stepMs: 2000 } });
    const client = sdk(f);
    const msg = await client.messages.create({ to: '+15551230005', from: FROM, body: 'tick' });
    expect((await client.messages(msg.sid).fetch()).status).toBe('queued');
    now += 2000;
    const sent = await client.messages(msg.sid).fetch();
    expect(sent.status).toBe('sent');
    expect(sent.dateSent?.toISOString()).toBe('2026-03-01T10:00:02.000Z');
    now += 2000;
    expect((await client.messages(msg.sid).fetch()).status).toBe('delivered');
  });

  it('lists newest first with paging over a relative next_page_uri, and filters by To and From', async () => {
    const f = await startFake();
    const client = sdk(f);
    for (let i = 0; i < 5; i += 1) await client.messages.create({ to: '+15551230010', from: FROM, body: `to A ${i}` });
    for (let i = 0; i < 2; i += 1) await client.messages.create({ to: '+15551230011', from: '+15005550007', body: `to B ${i}` });
    const before = f.requests.length;
    const listed = await client.messages.list({ to: '+15551230010', pageSize: 2 });
    expect(f.requests.length - before).toBe(3);
    expect(listed.map((m) => m.body)).toEqual(['to A 4', 'to A 3', 'to A 2', 'to A 1', 'to A 0']);
    const fromB = await client.messages.list({ from: '+15005550007' });
    expect(fromB.map((m) => m.body)).toEqual(['to B 1', 'to B 0']);

    const page = await client.messages.page({ to: '+15551230010', pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const next = await page.nextPage();
    expect(next?.instances.map((m) => m.body)).toEqual(['to A 2', 'to A 1']);
  });

  it('filters by DateSent, DateSent> and DateSent< in both date-only and ISO date-time forms', async () => {
    let now = Date.UTC(2026, 0, 10, 23, 59, 58);
    const f = await startFake({ now: () => new Date(now) });
    const client = sdk(f);
    const to = '+15551230020';
    await client.messages.create({ to, from: FROM, body: 'jan 10 late' });
    now = Date.UTC(2026, 0, 11, 8, 0, 0);
    await client.messages.create({ to, from: FROM, body: 'jan 11 morning' });
    now = Date.UTC(2026, 0, 12, 9, 30, 0);
    await client.messages.create({ to, from: FROM, body: 'jan 12' });

    const bodies = (ms: Array<{ body: string }>): string[] => ms.map((m) => m.body).sort();
    // The SDK sends full ISO date-times.
    expect(bodies(await client.messages.list({ to, dateSentAfter: new Date(Date.UTC(2026, 0, 11, 8, 0, 0)) }))).toEqual(['jan 11 morning', 'jan 12']);
    expect(bodies(await client.messages.list({ to, dateSentBefore: new Date(Date.UTC(2026, 0, 11, 7, 59, 59)) }))).toEqual(['jan 10 late']);
    // Date-only forms, as the API reference describes them.
    const raw = async (query: string): Promise<string[]> => {
      const res = await fetch(`${f.baseUrl}/2010-04-01/Accounts/${f.accountSid}/Messages.json?To=${encodeURIComponent(to)}&${query}`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${f.accountSid}:${f.authToken}`).toString('base64') },
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { messages: Array<{ body: string }> };
      return bodies(json.messages);
    };
    expect(await raw('DateSent=2026-01-11')).toEqual(['jan 11 morning']);
    expect(await raw(`${encodeURIComponent('DateSent>')}=2026-01-11`)).toEqual(['jan 11 morning', 'jan 12']);
    expect(await raw(`${encodeURIComponent('DateSent<')}=2026-01-11`)).toEqual(['jan 10 late', 'jan 11 morning']);
    const bad = await fetch(`${f.baseUrl}/2010-04-01/Accounts/${f.accountSid}/Messages.json?DateSent=yesterday`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`${f.accountSid}:${f.authToken}`).toString('base64') },
    });
    expect(bad.status).toBe(400);
  });

  it('messages not yet sent have no date_sent and are skipped by DateSent filters (reconciliation must allow for this)', async () => {
    const f = await startFake({ progression: { mode: 'manual' } });
    const client = sdk(f);
    await client.messages.create({ to: '+15551230021', from: FROM, body: 'still queued' });
    expect(await client.messages.list({ to: '+15551230021', dateSentAfter: new Date(0) })).toHaveLength(0);
    expect(await client.messages.list({ to: '+15551230021' })).toHaveLength(1);
  });

  it('update cancels a queued message and redacts a body; delete answers 204 and the message is gone', async () => {
    const f = await startFake({ progression: { mode: 'manual' } });
    const client = sdk(f);
    const queued = await client.messages.create({ to: '+15551230025', from: FROM, body: 'cancel me' });
    expect((await client.messages(queued.sid).update({ status: 'canceled' })).status).toBe('canceled');
    f.advanceStatuses(3);
    expect((await client.messages(queued.sid).fetch()).status).toBe('canceled');
    f.advanceStatuses();
    const sent = await client.messages.create({ to: '+15551230025', from: FROM, body: 'secret' });
    f.advanceStatuses();
    expect(await restError(client.messages(sent.sid).update({ status: 'canceled' }))).toMatchObject({ status: 400 });
    expect((await client.messages(sent.sid).update({ body: '' })).body).toBe('');
    expect(await client.messages(sent.sid).remove()).toBe(true);
    expect(await restError(client.messages(sent.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('injected inbound messages are listed with direction inbound', async () => {
    const f = await startFake();
    const client = sdk(f);
    const sid = f.injectInbound({ from: '+15551230030', to: FROM, body: 'STOP' });
    const listed = await client.messages.list({ from: '+15551230030' });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ sid, direction: 'inbound', status: 'received', body: 'STOP', to: FROM });
    expect(listed[0]?.dateSent).toBeInstanceOf(Date);
  });

  it.each([
    [21211, 'is not a valid phone number'],
    [21408, 'Permission to send an SMS has not been enabled'],
    [21610, 'Attempt to send to unsubscribed recipient'],
    [21612, 'is not currently reachable'],
    [21614, 'is not a valid mobile number'],
    [63016, 'outside the allowed window'],
  ])('scripted create error %i reaches the SDK as a RestException with the legacy shape', async (code, text) => {
    const f = await startFake();
    const to = '+15551230040';
    f.script(to, { createError: code });
    const e = await restError(sdk(f).messages.create({ to, from: FROM, body: 'x' }));
    expect(e).toMatchObject({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect(e.message).toContain(text);
    expect(f.accepted).toHaveLength(0);
  });

  it('validates like Twilio: bad To is 21211, missing body 21602, missing From 21603, body over 1600 chars 21617', async () => {
    const f = await startFake();
    const client = sdk(f);
    expect((await restError(client.messages.create({ to: '+1asd', from: FROM, body: 'x' }))).code).toBe(21211);
    expect((await restError(client.messages.create({ to: FROM, from: FROM, body: 'x' }))).code).toBe(21211);
    expect((await restError(client.messages.create({ to: '+15551230050', from: FROM }))).code).toBe(21602);
    expect((await restError(client.messages.create({ to: '+15551230050', body: 'x' }))).code).toBe(21603);
    expect((await restError(client.messages.create({ to: '+15551230050', from: FROM, body: 'x'.repeat(1601) }))).code).toBe(21617);
    expect(f.accepted).toHaveLength(0);
  });

  it('unknown sid is 404 / 20404; a wrong token is 401 / 20003', async () => {
    const f = await startFake();
    const e = await restError(sdk(f).messages('SM' + '0'.repeat(32)).fetch());
    expect(e).toMatchObject({ status: 404, code: 20404 });
    const denied = await restError(sdk(f, { token: 'wrong' }).messages.create({ to: '+15551230060', from: FROM, body: 'x' }));
    expect(denied).toMatchObject({ status: 401, code: 20003 });
    expect(f.accepted).toHaveLength(0);
  });

  it('WhatsApp: free-form outside the 24 h window ends failed 63016; a content template goes through; an inbound opens the window', async () => {
    const f = await startFake({ whatsappWindow: true });
    const client = sdk(f);
    const to = 'whatsapp:+15551230070';
    const from = 'whatsapp:' + FROM;
    const freeform = await client.messages.create({ to, from, body: 'Hello' });
    const failed = await client.messages(freeform.sid).fetch();
    expect(failed).toMatchObject({ status: 'failed', errorCode: 63016 });
    const template = await client.messages.create({ to, from, contentSid: 'HX' + 'a'.repeat(32), contentVariables: JSON.stringify({ 1: 'Ana' }) });
    expect((await client.messages(template.sid).fetch()).status).toBe('delivered');
    expect(f.accepted[1]).toMatchObject({ contentSid: 'HX' + 'a'.repeat(32), contentVariables: '{"1":"Ana"}' });
    f.injectInbound({ from: to, to: from, body: 'hi' });
    const inWindow = await client.messages.create({ to, from, body: 'Hello again' });
    expect((await client.messages(inWindow.sid).fetch()).status).toBe('delivered');
  });
});

