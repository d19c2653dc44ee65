/**
 * The SMTP peer driven by the real nodemailer (pooled, as the engine uses it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMailLog, SmtpPeer, type SmtpPeerOptions } from './index';

let peer: SmtpPeer;
let tmp: string;
const transports: Transporter[] = [];

async function startPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  peer = await SmtpPeer.start(options);
  return peer;
}

function transport(p: SmtpPeer, extra: Record<string, unknown> = {}): Transporter {
  const t = nodemailer.createTransport({
    host: p.host,
    port: p.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 2000,
    greetingTimeout: 2000,
    socketTimeout: 2000,
    ...extra,
  });
  transports.push(t);
  return t;
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-peer-'));
});

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await peer?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('SMTP peer', () => {
  it('records envelope, decoded headers, the HTML and plain-text parts, list headers and attachments', async () => {
    const logFile = path.join(tmp, 'mail.jsonl');
    const p = await startPeer({ logFile, markerHeader: 'X-Frontdesk-Delivery' });
    const pdf = path.join(tmp, 'rx.pdf');
    fs.writeFileSync(pdf, Buffer.from('%PDF-1.4 fake prescription'));
    const info = (await transport(p).sendMail({
      from: 'Main Street Clinic <desk@clinic.example>',
      to: 'ana@patient.example',
      subject: 'Your appointment — Tuesday ✓',
      text: 'Hello Ana, see you Tuesday at 10:00.',
      html: '<p>Hello &lt;script&gt; Ana, see you <b>Tuesday</b> at 10:00. ' + 'é'.repeat(100) + '</p>',
      messageId: '<delivery-42@frontdesk.local>',
      headers: { 'X-Frontdesk-Delivery': 'd-42', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      list: { unsubscribe: [['https://clinic.example/u/abc', 'mailto:unsubscribe@clinic.example?subject=abc']] },
      attachments: [{ filename: 'prescription.pdf', path: pdf }],
      dsn: { id: 'env-42', return: 'headers', notify: ['failure', 'delay'], recipient: 'desk@clinic.example' },
    })) as { accepted: string[] };
    expect(info.accepted).toEqual(['ana@patient.example']);
    expect(p.received).toHaveLength(1);
    const mail = p.received[0]!;
    expect(mail.mailFrom).toBe('desk@clinic.example');
    expect(mail.rcptTo).toEqual(['ana@patient.example']);
    expect(mail.subject).toBe('Your appointment — Tuesday ✓');
    expect(mail.messageId).toBe('<delivery-42@frontdesk.local>');
    expect(mail.marker).toBe('d-42');
    expect(mail.header('list-unsubscribe')).toBe('<https://clinic.example/u/abc>, <mailto:unsubscribe@clinic.example?subject=abc>');
    expect(mail.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toBe('Hello Ana, see you Tuesday at 10:00.');
    expect(mail.html).toContain('Hello &lt;script&gt; Ana');
    expect(mail.html).toContain('é'.repeat(100));
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['prescription.pdf', 'application/pdf', '%PDF-1.4 fake prescription'],
    ]);
    expect(mail.dsn.envelope).toMatchObject({ ret: 'HDRS', envid: 'env-42' });
    const logged = parseMailLog(fs.readFileSync(logFile, 'utf8'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ rcptTo: ['ana@patient.example'], marker: 'd-42', messageId: '<delivery-42@frontdesk.local>' });
  });

  it('a hard-rejected recipient yields a 550 at RCPT; a soft one a 450; nothing is accepted for them', async () => {
    const p = await startPeer();
    p.reject('gone@patient.example', 'hard');
    p.reject('Full@Patient.example', 'soft');
    const t = transport(p);
    const hard = await t.sendMail({ from: 'desk@clinic.example', to: 'gone@patient.example', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(hard).toMatchObject({ responseCode: 550, code: 'EENVELOPE' });
    expect(String((hard as Error).message)).toContain('5.1.1');
    const soft = await t.sendMail({ from: 'desk@clinic.example', to: 'full@patient.example', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(soft).toMatchObject({ responseCode: 450 });
    expect(p.received).toHaveLength(0);
    expect(p.refused).toEqual([
      { address: 'gone@patient.example', code: 550 },
      { address: 'full@patient.example', code: 450 },
    ]);
    // A mixed envelope: the good recipient is accepted, the bad one reported as rejected.
    const mixed = (await t.sendMail({ from: 'desk@clinic.example', to: ['ok@patient.example', 'gone@patient.example'], subject: 's', text: 't' })) as {
      accepted: string[];
      rejected: string[];
    };
    expect(mixed.accepted).toEqual(['ok@patient.example']);
    expect(mixed.rejected).toEqual(['gone@patient.example']);
    expect(p.received[0]?.rcptTo).toEqual(['ok@patient.example']);
  });

  it('dropped connections fail the send (at DATA nothing is accepted; after accept the message is recorded)', async () => {
    const p = await startPeer();
    const t = transport(p, { pool: false });
    p.dropNext(1, 'data');
    await expect(t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'dropped', text: 't' })).rejects.toThrow();
    expect(p.received).toHaveLength(0);
    p.dropNext(1, 'after-accept');
    await expect(t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'ambiguous', text: 't' })).rejects.toThrow();
    expect(p.received.map((m) => m.subject)).toEqual(['ambiguous']);
    p.dropNext(1, 'connect');
    await expect(t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'refused', text: 't' })).rejects.toThrow();
    await t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'fine', text: 't' });
    expect(p.received.map((m) => m.subject)).toEqual(['ambiguous', 'fine']);
  });

  it('stop() refuses connections and start() brings it back on the same port', async () => {
    const p = await startPeer();
    const port = p.port;
    await p.stop();
    expect(p.isRunning).toBe(false);
    const t = transport(p, { pool: false });
    const err = await t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 's', text: 't' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ESOCKET' });
    expect(String((err as Error).message)).toMatch(/ECONNREFUSED/);
    await p.start();
    expect(p.port).toBe(port);
    await t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'back', text: 't' });
    expect(p.to('A@patient.example').map((m) => m.subject)).toEqual(['back']);
  });

  it('checks AUTH credentials when configured and records the user', async () => {
    const p = await startPeer({ credentials: { user: 'clinic', pass: 'secret' } });
    const bad = await transport(p, { pool: false, auth: { user: 'clinic', pass: 'nope' } })
      .sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    await transport(p, { pool: false, auth: { user: 'clinic', pass: 'secret' } }).sendMail({
      from: 'desk@clinic.example',
      to: 'a@patient.example',
      subject: 's',
      text: 't',
    });
    expect(p.received[0]?.user).toBe('clinic');
  });

  it('a pooled transport reuses its connections for many messages', async () => {
    const p = await startPeer();
    const t = transport(p, { maxConnections: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.sendMail({ from: 'desk@clinic.example', to: `p${i}@patient.example`, subject: `n${i}`, text: 't' })));
    expect(p.received).toHaveLength(20);
    expect(p.connectionCount).toBeLessThanOrEqual(2);
  });

  it('run.ts serves in its own process: prints host and port, logs to the file, takes commands on stdin', async () => {
    const logFile = path.join(tmp, 'proc.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test-peers/smtp/run.ts'), '--log-file', logFile, '--marker-header', 'X-Ref'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const next = async (): Promise<Record<string, unknown>> => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
      const info = (await next()) as { host: string; port: number };
      expect(info.host).toBe('127.0.0.1');
      const t = nodemailer.createTransport({ host: info.host, port: info.port, secure: false, ignoreTLS: true });
      transports.push(t);
      await t.sendMail({ from: 'desk@clinic.example', to: 'a@patient.example', subject: 'hello', text: 't', headers: { 'X-Ref': 'd-7' } });
      expect(parseMailLog(fs.readFileSync(logFile, 'utf8'))).toMatchObject([{ rcptTo: ['a@patient.example'], subject: 'hello', marker: 'd-7' }]);
      child.stdin.write(JSON.stringify({ cmd: 'reject', address: 'b@patient.example', kind: 'hard' }) + '\n');
      expect(await next()).toEqual({ ok: true });
      await expect(t.sendMail({ from: 'desk@clinic.example', to: 'b@patient.example', subject: 'x', text: 't' })).rejects.toMatchObject({ responseCode: 550 });
      child.stdin.write(JSON.stringify({ cmd: 'stats' }) + '\n');
      expect(await next()).toMatchObject({ ok: true, accepted: 1 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
