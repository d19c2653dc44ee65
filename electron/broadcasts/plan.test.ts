/**
 * The planner reads its facts set-based: for a family sharing a phone, a patient without any
 * contact point and an archived one, the plans are what the engine's per-row channel choice
 * decides for each, in the order given, and the summary counts patients (the confirmation counts
 * messages per address separately).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { openHarness, type Harness } from '../scheduler/test-harness';
import { chooseChannel } from '../engine/channel-choice';
import { ANY_CONTENT_CHANNELS } from './content-channels';
import { countAddresses } from './address-groups';
import { planRecipients, summarisePlan } from './plan';

const NY = 'America/New_York';
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('planRecipients', () => {
  it('plans each patient as the engine would choose, and counts patients, not addresses', () => {
    h = openHarness({ start: DateTime.fromISO('2026-06-02T12:00', { zone: NY }).toMillis(), clinic: { timeZone: NY } });
    const parent = h.addPatient({ firstName: 'Pat', phone: '+12125550150', timeZone: NY });
    const child = h.addPatient({ firstName: 'Kid', phone: '+12125550150', timeZone: NY });
    const none = h.addPatient({ firstName: 'Nobody', timeZone: NY });
    const gone = h.addPatient({ firstName: 'Gone', phone: '+12125550151', timeZone: NY });
    h.db.$client.prepare('update patients set archived = 1 where id = ?').run(gone);
    const request = { purpose: 'transactional' as const, emergency: false, channel: null, contentChannels: ANY_CONTENT_CHANNELS };
    const now = h.clock.now();
    const plans = planRecipients(h.db, [child, none, gone, parent], request, h.clinic.get(), now);
    expect(plans.map((p) => p.patientId)).toEqual([child, none, gone, parent]);
    for (const id of [child, none, parent]) {
      const choice = chooseChannel(h.db, { patientId: id, explicit: null, purpose: 'transactional', emergency: false, exclude: new Set() }, h.clinic.get(), now);
      const plan = plans.find((p) => p.patientId === id);
      expect(plan?.channel).toBe(choice.channel);
      expect(plan?.outcome).toBe(choice.ok ? 'send' : 'exclude');
    }
    expect(summarisePlan(plans)).toEqual({
      byChannel: { sms: 2 },
      held: [],
      excluded: [
        { reason: 'no_contact_point', count: 1 },
        { reason: 'patient_archived', count: 1 },
      ],
    });
    expect(countAddresses(h.db, [parent, child], undefined)).toEqual({ addresses: 1, patients: 2 });
  });
});
