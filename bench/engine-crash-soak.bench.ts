/**
 * Crash soak (issue 3 item 7 g): the crash harness (electron/engine/crash/harness.ts) sends a
 * 10,000-message broadcast (SMS and email) to the peers while it is SIGKILLed 200 times at random
 * moments and restarted each time. Prints lost messages, duplicate SMS and duplicate emails, also
 * per kill. The peers run in this process; the engine in the child.
 *
 *   npx tsx bench/engine-crash-soak.bench.ts [--kills K] [--sms N] [--emails M]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { FakeTwilio, parseAcceptedLog } from '../test-peers/fake-twilio';
import { SmtpPeer } from '../test-peers/smtp';
import { benchDir, ROOT, round, writeResult } from './engine-support';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '200' }, sms: { type: 'string', default: '8000' }, emails: { type: 'string', default: '2000' } } });
const KILLS = Number(values.kills);
const SMS = Number(values.sms);
const EMAILS = Number(values.emails);
const dir = benchDir('soak');
const fake = await FakeTwilio.start({ logFile: path.join(dir, 'twilio.jsonl'), faults: { latencyMs: 2, latencyJitterMs: 8 }, recordRequests: false });
const smtp = await SmtpPeer.start({ latencyMs: 1 });

function run(killAfterMs: number | null): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'electron/engine/crash/harness.ts'), '--dir', dir, '--twilio', fake.baseUrl, '--sid', fake.accountSid, '--token', fake.authToken, '--smtp-port', String(smtp.port), '--sms', String(SMS), '--emails', String(EMAILS)],
    { stdio: 'ignore' },
  );
  const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve(code);
    }),
  );
}

try {
  const started = performance.now();
  let kills = 0;
  let finished = false;
  while (kills < KILLS && !finished) {
    const code = await run(1_000 + Math.floor(Math.random() * 3_000));
    if (code === 0) finished = true;
    else kills++;
  }
  if (!finished) await run(null);
  const sms = parseAcceptedLog(fs.readFileSync(path.join(dir, 'twilio.jsonl'), 'utf8'));
  const smsCounts = new Map<string, number>();
  for (const a of sms) smsCounts.set(a.to, (smsCounts.get(a.to) ?? 0) + 1);
  const mailCounts = new Map<string, number>();
  for (const m of smtp.received) for (const r of m.rcptTo) mailCounts.set(r, (mailCounts.get(r) ?? 0) + 1);
  const duplicateSms = [...smsCounts.values()].reduce((n, c) => n + c - 1, 0);
  const duplicateEmails = [...mailCounts.values()].reduce((n, c) => n + c - 1, 0);
  const db = new Database(path.join(dir, 'frontdesk.sqlite'), { readonly: true });
  const open = (db.prepare(`select count(*) n from deliveries where state not in ('sent','delivered','failed','undelivered','cancelled')`).get() as { n: number }).n;
  const failedWithReason = (db.prepare(`select count(*) n from deliveries where state in ('failed','undelivered') and reason_code is not null`).get() as { n: number }).n;
  db.close();
  const lost = SMS + EMAILS - smsCounts.size - mailCounts.size - failedWithReason;
  const result = {
    kills,
    sms: SMS,
    emails: EMAILS,
    lost,
    openDeliveries: open,
    duplicateSms,
    duplicateEmails,
    duplicateSmsPerKill: round(duplicateSms / Math.max(1, kills), 3),
    duplicateEmailsPerKill: round(duplicateEmails / Math.max(1, kills), 3),
    minutes: round((performance.now() - started) / 60_000, 1),
  };
  console.log(
    `g. crash soak: ${kills} SIGKILLs during ${SMS.toLocaleString()} SMS + ${EMAILS.toLocaleString()} emails: lost ${lost}, duplicate SMS ${duplicateSms} ` +
      `(${result.duplicateSmsPerKill}/kill), duplicate emails ${duplicateEmails} (${result.duplicateEmailsPerKill}/kill), open deliveries ${open}, ${result.minutes} min`,
  );
  writeResult('engine-crash-soak', result);
} finally {
  await fake.close();
  await smtp.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
