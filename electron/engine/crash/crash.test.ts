/**
 * Crash test: the engine runs in a child process (crash/harness.ts) sending SMS, family phones
 * with identical bodies, WhatsApp, voice and email fallbacks to the local peers; it is SIGKILLed
 * at least 30 times at seeded placements (before the POST, after the POST before its answer,
 * after the answer before its commit, during reconciliation, during status polling), through the
 * fake's list-lag and trial-prefix modes, and restarted each time. No SMS, WhatsApp or call is
 * lost or sent twice; every email arrives (at least once); every delivery ends. The benchmark
 * (bench/engine-crash-soak.bench.ts) runs the same with 200+ kills.
 */
import { describe, expect, it } from 'vitest';
import { PLACEMENTS, runSoak } from './soak';

describe('crash safety', () => {
  it('30 SIGKILLs at every placement: nothing lost, no SMS, WhatsApp or call twice, all final', async () => {
    const result = await runSoak({ kills: 30, size: 20, seed: 20261201 });
    for (const p of PLACEMENTS) expect(result.killsPerPlacement[p], p).toBeGreaterThan(0);
    expect(result.lost).toEqual({ sms: 0, whatsapp: 0, voice: 0, email: 0 });
    expect({ sms: result.duplicates.sms, whatsapp: result.duplicates.whatsapp, voice: result.duplicates.voice }).toEqual({ sms: 0, whatsapp: 0, voice: 0 });
    expect(result.openDeliveries).toBe(0);
    // The traffic really had every kind in it.
    for (const c of ['sms', 'whatsapp', 'voice', 'email'] as const) expect(result.messages[c], c).toBeGreaterThan(0);
  }, 300_000);
});
