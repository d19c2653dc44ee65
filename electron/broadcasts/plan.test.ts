/**
 * The planning function's extension point: a whole-list stage after channel choice (as a
 * one-message-per-address grouping will be) sees every decided plan and what it returns is what
 * the summary counts; the default has no stage, so nothing changes by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { ANY_CONTENT_CHANNELS } from './content-channels';
import { PLAN_STAGES, planRecipients, summarisePlan, type PlanStage } from './plan';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('planRecipients stages', () => {
  it('runs the stages on the whole decided list, in order, with the broadcast id', () => {
    h = openHarness({ start: DateTime.fromISO('2026-06-02T12:00', { zone: NY }).toMillis(), clinic: { timeZone: NY } });
    // Two patients share a phone (a parent and a child); one has no contact point.
    const parent = h.addPatient({ firstName: 'Pat', phone: '+12125550150', timeZone: NY });
    const child = h.addPatient({ firstName: 'Kid', phone: '+12125550150', timeZone: NY });
    const none = h.addPatient({ firstName: 'Nobody', timeZone: NY });
    const request = { purpose: 'transactional' as const, emergency: false, channel: null, contentChannels: ANY_CONTENT_CHANNELS };
    const seen: number[][] = [];
    const oneMessagePerAddress: PlanStage = (plans, ctx) => {
      seen.push(plans.map((p) => p.patientId));
      expect(ctx.broadcastId).toBe(7);
      const first = new Map<string, number>();
      return plans.map((p) => {
        if (p.outcome !== 'send') return p;
        const key = `${p.channel}:${p.address}`;
        if (!first.has(key)) {
          first.set(key, p.patientId);
          return p;
        }
        return { patientId: p.patientId, outcome: 'exclude' as const, channel: p.channel, address: null, reason: 'same_address' };
      });
    };
    const plans = planRecipients(h.db, [parent, child, none], request, h.clinic.get(), h.clock.now(), { broadcastId: 7, stages: [oneMessagePerAddress] });
    expect(seen).toEqual([[parent, child, none]]);
    expect(summarisePlan(plans)).toEqual({
      byChannel: { sms: 1 },
      held: [],
      excluded: [
        { reason: 'no_contact_point', count: 1 },
        { reason: 'same_address', count: 1 },
      ],
    });
    expect(PLAN_STAGES).toEqual([]);
    expect(summarisePlan(planRecipients(h.db, [parent, child, none], request, h.clinic.get(), h.clock.now())).byChannel).toEqual({ sms: 2 });
  });
});
