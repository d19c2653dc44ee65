/**
 * The fake Twilio's Calls resource through the real `twilio` SDK, and the fake run as its own
 * process (run.ts: its port as JSON, the accepted log, commands on stdin).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import twilio from 'twilio';
import { parseAcceptedLog } from './index';
import { describe, expect, it } from 'vitest';
import { FROM, restError, sdk, startFake, tmpDir, useFakeTwilioPerTest } from './sdk-test-support';

useFakeTwilioPerTest();

describe('fake Twilio: Calls', () => {
  it('creates a call with inline TwiML and progresses queued → ringing → in-progress → completed', async () => {
    const f = await startFake({ progression: { mode: 'manual' } });
    const client = sdk(f);
    const twiml = '<Response><Say>Reminder from Main Street Clinic</Say></Response>';
    const call = await client.calls.create({ to: '+15551230200', from: FROM, twiml });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    const seen = [call.status];
    for (let i = 0; i < 3; i += 1) {
      f.advanceStatuses();
      seen.push((await client.calls(call.sid).fetch()).status);
    }
    expect(seen).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    const done = await client.calls(call.sid).fetch();
    expect(done.duration).toMatch(/^\d+$/);
    expect(done.endTime).toBeInstanceOf(Date);
    expect(f.accepted[0]).toMatchObject({ kind: 'call', twiml, to: '+15551230200' });
  });

  it('scripted busy / no-answer / failed outcomes, and Url instead of Twiml', async () => {
    const f = await startFake();
    const client = sdk(f);
    f.scriptCall('+15551230201', 'busy');
    f.scriptCall('+15551230202', 'no-answer');
    f.scriptCall('+15551230203', 'failed');
    const statuses = [];
    for (const to of ['+15551230201', '+15551230202', '+15551230203']) {
      const call = await client.calls.create({ to, from: FROM, url: 'https://clinic.example/voice.xml' });
      statuses.push((await client.calls(call.sid).fetch()).status);
    }
    expect(statuses).toEqual(['busy', 'no-answer', 'failed']);
    expect(f.accepted[0]).toMatchObject({ url: 'https://clinic.example/voice.xml', twiml: null });
    expect((await restError(client.calls.create({ to: '+15551230204', from: FROM } as never))).code).toBe(21205);
  });
});

describe('fake Twilio: separate process', () => {
  it('run.ts prints its port as JSON, logs accepted messages to the file, and takes commands on stdin', async () => {
    const logFile = path.join(tmpDir(), 'proc.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test-peers/fake-twilio/run.ts'), '--log-file', logFile], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const iterator = lines[Symbol.asyncIterator]();
      const next = async (): Promise<Record<string, unknown>> => JSON.parse(String((await iterator.next()).value)) as Record<string, unknown>;
      const info = (await next()) as { port: number; baseUrl: string; accountSid: string; authToken: string };
      expect(info.baseUrl).toBe(`http://127.0.0.1:${info.port}`);
      const client = twilio(info.accountSid, info.authToken);
      client.api.baseUrl = info.baseUrl;
      await client.messages.create({ to: '+15551230300', from: FROM, body: 'from another process' });
      expect(parseAcceptedLog(fs.readFileSync(logFile, 'utf8')).map((r) => r.body)).toEqual(['from another process']);
      child.stdin.write(JSON.stringify({ cmd: 'script', to: '+15551230301', createError: 21610 }) + '\n');
      expect(await next()).toEqual({ ok: true });
      expect((await restError(client.messages.create({ to: '+15551230301', from: FROM, body: 'x' }))).code).toBe(21610);
      child.stdin.write(JSON.stringify({ cmd: 'stats' }) + '\n');
      expect(await next()).toMatchObject({ ok: true, accepted: 1 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
