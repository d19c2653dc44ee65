/**
 * Crash test (issue 3): a child process runs the engine sending 2,000 SMS and 500 emails to the
 * local peers (fake Twilio and the SMTP peer, both in this process); the test SIGKILLs it at random
 * moments at least 10 times, restarting it each time. At the end the fake's log shows exactly one
 * SMS per recipient, the SMTP peer at least one email per recipient, and every delivery is final.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio, parseAcceptedLog } from '../../../test-peers/fake-twilio';
import { SmtpPeer } from '../../../test-peers/smtp';
import { makeTempDir } from '../../db/test-db';

const SMS = 2_000;
const EMAILS = 500;
const KILLS = 12;
const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness.ts');

let fake: FakeTwilio;
let smtp: SmtpPeer;
let dir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = makeTempDir('frontdesk-crash-');
  fake = await FakeTwilio.start({ logFile: path.join(dir, 'twilio-accepted.jsonl'), faults: { latencyMs: 2, latencyJitterMs: 8 }, recordRequests: false });
  smtp = await SmtpPeer.start({ latencyMs: 1 });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake.close();
  await smtp.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startHarness(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
  const env = { ...process.env };
  delete env.TWILIO_REGION;
  delete env.TWILIO_EDGE;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      HARNESS,
      '--dir',
      dir,
      '--twilio',
      fake.baseUrl,
      '--sid',
      fake.accountSid,
      '--token',
      fake.authToken,
      '--smtp-port',
      String(smtp.port),
      '--sms',
      String(SMS),
      '--emails',
      String(EMAILS),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, out });
    }),
  );
  return { child, exited };
}

describe('crash safety', () => {
  it(`${KILLS} SIGKILLs while sending ${SMS} SMS and ${EMAILS} emails: one SMS per recipient, every email, all final`, async () => {
    let seed = 20261121;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const acceptedAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const before = fake.accepted.length + smtp.received.length;
      const { child, exited } = startHarness();
      const sent = () => fake.accepted.length + smtp.received.length - before;
      // Kills are placed by progress, not only by time, so a fast machine cannot finish the
      // whole batch between two kills and a slow one still gets killed mid-send.
      const waitUntil = async (done: () => boolean, ms: number) => {
        const deadline = Date.now() + ms;
        while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      };
      if (k % 3 === 0) {
        // During start-up: migrations, queueing, reconciliation of what the last kill left behind.
        const pause = 300 + Math.floor(random() * 2_000);
        await waitUntil(() => sent() > 0, pause);
      } else {
        // Mid-sending: after this run's first sends land (however slow the machine), 1 to 150 more.
        const more = 1 + Math.floor(random() * 150);
        await waitUntil(() => sent() >= more, 30_000);
      }
      child.kill('SIGKILL');
      const result = await exited;
      if (result.code === 0) break; // finished before the kill: nothing left to crash
      expect(result.signal).toBe('SIGKILL');
      acceptedAtKill.push(fake.accepted.length);
    }
    // The final run must finish by itself.
    const final = startHarness();
    const timeout = setTimeout(() => final.child.kill('SIGKILL'), 120_000);
    const result = await final.exited;
    clearTimeout(timeout);
    expect(result.out).toContain('DONE');
    expect(result.code).toBe(0);
    expect(acceptedAtKill.length).toBeGreaterThanOrEqual(10);
    // The kills landed while sending, not only before it started.
    expect(acceptedAtKill.some((n) => n > 0 && n < SMS)).toBe(true);

    // The fake's log (written before each 201) is the record of what was accepted.
    const log = parseAcceptedLog(fs.readFileSync(path.join(dir, 'twilio-accepted.jsonl'), 'utf8'));
    const smsPerRecipient = new Map<string, number>();
    for (const a of log) smsPerRecipient.set(a.to, (smsPerRecipient.get(a.to) ?? 0) + 1);
    const duplicates = [...smsPerRecipient].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    expect(smsPerRecipient.size).toBe(SMS);

    const mailsPerRecipient = new Map<string, number>();
    for (const m of smtp.received) for (const r of m.rcptTo) mailsPerRecipient.set(r, (mailsPerRecipient.get(r) ?? 0) + 1);
    expect(mailsPerRecipient.size).toBe(EMAILS);

    const db = new Database(path.join(dir, 'frontdesk.sqlite'), { readonly: true });
    try {
      const states = db.prepare('select channel, state, count(*) n from deliveries group by channel, state order by channel').all();
      expect(states).toEqual([
        { channel: 'email', state: 'sent', n: EMAILS },
        { channel: 'sms', state: 'delivered', n: SMS },
      ]);
      const messages = (db.prepare('select count(*) n from messages').get() as { n: number }).n;
      expect(messages).toBe(SMS + EMAILS);
    } finally {
      db.close();
    }
  }, 300_000);
});
