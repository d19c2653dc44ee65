/**
 * The crash soak driver (parent side), shared by crash.test.ts and bench/engine-crash-soak.bench.ts:
 * runs the harness in a child process, SIGKILLs it at seeded placements, restarts it, and at the
 * end counts lost and duplicated messages per channel and per placement from the peers' records
 * (the fake Twilio's accepted log, the SMTP peer's mailbox) against the database.
 *
 * Placements (the cycle order is seeded): before the POST, after the POST and before its answer
 * (the fake kills the child once it stored the message), after the answer and before its commit,
 * during reconciliation (just before a lookup), during status polling. Generations of traffic
 * rotate through the fake's modes: plain, list lag (1.5 s) and trial-account prefix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { FakeTwilio } from '../../../test-peers/fake-twilio';
import { SmtpPeer } from '../../../test-peers/smtp';
import { makeTempDir } from '../../db/test-db';
import { kindFor, phoneFor } from './traffic';
import { seededRandom as seeded } from '../../../shared/seeded-random';

export const PLACEMENTS = ['before_post', 'after_post', 'after_answer', 'reconcile', 'poll'] as const;
export type Placement = (typeof PLACEMENTS)[number];
type Channel = 'sms' | 'whatsapp' | 'voice' | 'email';

export interface SoakOptions {
  kills: number;
  /** Messages per generation of traffic. */
  size: number;
  seed: number;
  /** Include SMS held by quiet hours for about a minute (slow; the benchmark only). */
  holds?: boolean;
  log?: (line: string) => void;
}

export interface SoakResult {
  kills: number;
  killsPerPlacement: Record<Placement, number>;
  runs: number;
  generations: number;
  messages: Record<Channel, number>;
  lost: Record<Channel, number>;
  duplicates: Record<Channel, number>;
  duplicatesPerPlacement: Record<Placement | 'none', number>;
  openDeliveries: number;
  minutes: number;
}

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness.ts');
const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const CHANNELS = ['sms', 'whatsapp', 'voice', 'email'] as const;

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  const random = seeded(options.seed);
  const dir = makeTempDir('frontdesk-soak-');
  let child: ChildProcess | null = null;
  let run = 0;
  let afterPostCountdown = 0;
  const runOfSid = new Map<string, number>();
  const fake = await FakeTwilio.start({
    logFile: path.join(dir, 'twilio-accepted.jsonl'),
    markerPattern: /\[ref:([\w-]+)\]/,
    faults: { latencyMs: 2, latencyJitterMs: 8 },
    recordRequests: false,
    onAccepted: (record) => {
      runOfSid.set(record.sid, run);
      if (afterPostCountdown > 0 && --afterPostCountdown === 0) child?.kill('SIGKILL');
    },
  });
  const smtp = await SmtpPeer.start({ latencyMs: 1 });
  const killsPerPlacement = zero(PLACEMENTS);
  const placementOfRun = new Map<number, Placement>();
  let kills = 0;
  let generation = 0;
  const prepareGeneration = (g: number) => {
    // Modes rotate per generation: plain, list lag, trial-account prefix.
    fake.setListLag(g % 3 === 1 ? 1_500 : 0);
    fake.setTrialAccount(g % 3 === 2);
    for (let i = 0; i < options.size; i++) {
      if (kindFor(i, options.holds === true) === 'email_fallback') fake.script(phoneFor(g, i, 'email_fallback'), { createError: 21610 });
    }
  };
  const start = (g: number, kill: { stage: Placement; at: number } | null) => {
    const env = { ...process.env };
    delete env.TWILIO_REGION;
    delete env.TWILIO_EDGE;
    const args = ['--import', 'tsx', HARNESS, '--dir', dir, '--twilio', fake.baseUrl, '--sid', fake.accountSid, '--token', fake.authToken, '--smtp-port', String(smtp.port), '--generation', String(g), '--size', String(options.size)];
    if (options.holds) args.push('--holds');
    if (kill && kill.stage !== 'after_post') args.push('--kill-stage', kill.stage, '--kill-at', String(kill.at));
    afterPostCountdown = kill?.stage === 'after_post' ? kill.at : 0;
    run++;
    const c = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child = c;
    let out = '';
    c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
      c.on('exit', (code, signal) => resolve({ code, signal, out })),
    );
  };
  try {
    prepareGeneration(generation);
    let cycle = [...PLACEMENTS].sort(() => random() - 0.5);
    let step = 0;
    while (kills < options.kills) {
      if (step >= cycle.length) {
        cycle = [...PLACEMENTS].sort(() => random() - 0.5);
        step = 0;
      }
      const stage = cycle[step++] as Placement;
      const at = 1 + Math.floor(random() * (stage === 'reconcile' ? 3 : 8));
      const result = await start(generation, { stage, at });
      if (result.signal === 'SIGKILL') {
        kills++;
        killsPerPlacement[stage]++;
        placementOfRun.set(run, stage);
        options.log?.(`kill ${kills}: ${stage} #${at} (generation ${generation})`);
      } else if (result.code === 0) {
        generation++;
        prepareGeneration(generation);
      } else {
        throw new Error(`harness failed (exit ${result.code}): ${result.out.slice(-2_000)}`);
      }
    }
    const final = await start(generation, null);
    if (final.code !== 0) throw new Error(`the final run did not finish (exit ${final.code ?? final.signal}): ${final.out.slice(-2_000)}`);
  } finally {
    child = null;
  }

  // ----- accounting -----
  const db = new Database(path.join(dir, 'frontdesk.sqlite'), { readonly: true });
  const messages = db
    .prepare(
      `select m.id, m.body, (select channel from deliveries d where d.message_id = m.id order by d.id desc limit 1) channel,
         (select count(*) from deliveries d where d.message_id = m.id and d.state in ('failed','undelivered') and d.reason_code is not null
            and not exists (select 1 from deliveries f where f.fallback_of_delivery_id = d.id)) failed_with_reason
       from messages m where m.direction = 'outbound'`,
    )
    .all() as Array<{ id: number; body: string; channel: Channel; failed_with_reason: number }>;
  const openDeliveries = (db.prepare(`select count(*) n from deliveries where state in ('queued','held','sending')`).get() as { n: number }).n;
  db.close();
  const twilioByRef = new Map<string, Array<{ channel: Channel; sid: string }>>();
  for (const a of fake.accepted) {
    if (!a.marker) continue;
    const channel: Channel = a.kind === 'call' ? 'voice' : a.to.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    twilioByRef.set(a.marker, [...(twilioByRef.get(a.marker) ?? []), { channel, sid: a.sid }]);
  }
  const mailByRef = new Map<string, number>();
  for (const m of smtp.received) {
    const ref = /\[ref:([\w-]+)\]/.exec(m.subject ?? '')?.[1];
    if (ref) mailByRef.set(ref, (mailByRef.get(ref) ?? 0) + 1);
  }
  const counts = zero(CHANNELS);
  const lost = zero(CHANNELS);
  const duplicates = zero(CHANNELS);
  const duplicatesPerPlacement = zero([...PLACEMENTS, 'none'] as const);
  for (const m of messages) {
    const ref = /\[ref:([\w-]+)\]/.exec(m.body)?.[1];
    if (!ref) continue;
    counts[m.channel]++;
    const twilioCopies = twilioByRef.get(ref) ?? [];
    const mails = mailByRef.get(ref) ?? 0;
    if (twilioCopies.length === 0 && mails === 0 && m.failed_with_reason === 0) lost[m.channel]++;
    if (twilioCopies.length > 1) {
      for (const copy of twilioCopies.slice(1)) {
        duplicates[copy.channel]++;
        const first = runOfSid.get(twilioCopies[0]?.sid ?? '') ?? 0;
        duplicatesPerPlacement[placementOfRun.get(first) ?? 'none']++;
      }
    }
    if (mails > 1) duplicates.email += mails - 1;
  }
  await fake.close();
  await smtp.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    kills,
    killsPerPlacement,
    runs: run,
    generations: generation + 1,
    messages: counts,
    lost,
    duplicates,
    duplicatesPerPlacement,
    openDeliveries,
    minutes: Math.round(((performance.now() - started) / 60_000) * 10) / 10,
  };
}
