/**
 * The fake Twilio's scripted faults as the real `twilio` SDK sees them: 429 bursts, a concurrency
 * limit, 5xx, dropped connections, accept-then-drop/-error, latency past the timeout, outages.
 */
import { describe, expect, it } from 'vitest';
import { FROM, networkError, restError, sdk, startFake, useFakeTwilioPerTest } from './sdk-test-support';

useFakeTwilioPerTest();

describe('fake Twilio: scripted faults', () => {
  it('429 bursts: without auto-retry the SDK sees 20429; with auto-retry it succeeds after retrying', async () => {
    const f = await startFake();
    f.burst429(1);
    const e = await restError(sdk(f).messages.create({ to: '+15551230100', from: FROM, body: 'x' }));
    expect(e).toMatchObject({ status: 429, code: 20429 });
    expect(f.accepted).toHaveLength(0);

    f.burst429(2);
    const before = f.requests.length;
    const msg = await sdk(f, { autoRetry: true }).messages.create({ to: '+15551230100', from: FROM, body: 'x' });
    expect(msg.sid).toMatch(/^SM/);
    expect(f.requests.slice(before).map((r) => r.outcome)).toEqual([429, 429, 201]);
    expect(f.accepted).toHaveLength(1);
  });

  it('a concurrency limit answers 429 to the requests above it', async () => {
    const f = await startFake({ faults: { maxConcurrent: 2, latencyMs: 30 } });
    const client = sdk(f);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => client.messages.create({ to: `+1555123011${i}`, from: FROM, body: 'x' })));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 429, code: 20429 });
    expect(f.accepted).toHaveLength(results.length - rejected.length);
  });

  it('a fraction of 5xx: errorRate 1 fails everything with 500 and accepts nothing; 0.3 fails roughly a third', async () => {
    const f = await startFake({ faults: { errorRate: 1 } });
    const client = sdk(f);
    expect(await restError(client.messages.create({ to: '+15551230120', from: FROM, body: 'x' }))).toMatchObject({ status: 500 });
    expect(f.accepted).toHaveLength(0);
    f.setFaults({ errorRate: 0.3, errorStatus: 503 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => client.messages.create({ to: '+15551230120', from: FROM, body: 'x' })));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(30);
    expect(failed.length).toBeLessThan(100);
    for (const r of failed) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
    expect(f.accepted).toHaveLength(200 - failed.length);
  });

  it('dropped connections reach the SDK as network errors and accept nothing', async () => {
    const f = await startFake();
    f.dropNext(1);
    const err = await networkError(sdk(f).messages.create({ to: '+15551230130', from: FROM, body: 'x' }));
    expect(err.code ?? err.message).toMatch(/ECONNRESET|socket hang up/);
    expect(f.accepted).toHaveLength(0);
    expect(f.requests.at(-1)?.outcome).toBe('dropped');
  });

  it('accept-then-drop stores and logs the message although the client only sees a network error', async () => {
    const f = await startFake({ faults: { acceptThenDropRate: 1 } });
    const client = sdk(f);
    await networkError(client.messages.create({ to: '+15551230140', from: FROM, body: 'ambiguous' }));
    expect(f.accepted.map((a) => a.body)).toEqual(['ambiguous']);
    f.setFaults({ acceptThenDropRate: 0 });
    const listed = await client.messages.list({ to: '+15551230140', dateSentAfter: new Date(Date.now() - 60_000) });
    expect(listed.map((m) => m.body)).toEqual(['ambiguous']);
  });

  it('accept-then-error stores the message but answers 500 (a retry without reconciliation would duplicate it)', async () => {
    const f = await startFake({ faults: { acceptThenErrorRate: 1 } });
    const e = await restError(sdk(f).messages.create({ to: '+15551230145', from: FROM, body: 'stored anyway' }));
    expect(e.status).toBe(500);
    expect(f.accepted.map((a) => a.body)).toEqual(['stored anyway']);
  });

  it('slow answers: added latency beyond the SDK timeout turns into a timeout error', async () => {
    const f = await startFake({ faults: { latencyMs: 400 } });
    const err = await networkError(sdk(f, { timeout: 50 }).messages.create({ to: '+15551230150', from: FROM, body: 'x' }));
    expect(err.code ?? err.message).toMatch(/ECONNABORTED|timeout/i);
  });

  it('a full outage refuses (or resets) every connection until it ends, then work resumes on the same port', async () => {
    const f = await startFake();
    const client = sdk(f);
    const port = f.port;
    await f.startOutage('refuse');
    const refused = await networkError(client.messages.create({ to: '+15551230160', from: FROM, body: 'x' }));
    expect(refused.code ?? refused.message).toMatch(/ECONNREFUSED/);
    await f.endOutage();
    expect(f.port).toBe(port);
    await client.messages.create({ to: '+15551230160', from: FROM, body: 'after' });

    await f.startOutage('destroy');
    const reset = await networkError(client.messages.create({ to: '+15551230160', from: FROM, body: 'x' }));
    expect(reset.code ?? reset.message).toMatch(/ECONNRESET|socket hang up/);
    await f.endOutage();
    await client.messages.create({ to: '+15551230160', from: FROM, body: 'after 2' });
    expect(f.accepted.map((a) => a.body)).toEqual(['after', 'after 2']);
  });
});

