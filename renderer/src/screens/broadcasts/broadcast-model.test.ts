import { describe, expect, it } from 'vitest';
import { audienceFilterSchema as audienceContract } from '../../../../shared/contract/broadcasts';
import { audienceProblems, reasonLines, describeChannels, emptyAudience, noAppointmentRule, excludedTotal, heldTotal, recipients, type AudienceCount } from './broadcast-model';
import { fromWireAudience, toAudienceCount, toProgress, toWireAudience } from './broadcast-calls';

const DAY = 24 * 60 * 60 * 1000;

describe('broadcast composer model', () => {
  it('maps the audience form to the core filter, leaving out what is not set', () => {
    const now = Date.UTC(2030, 0, 31);
    expect(toWireAudience(emptyAudience, now)).toEqual({});
    const wire = toWireAudience({ ...emptyAudience, tags: ['flu'], ageMin: 65, ageMax: null, lastVisit: { kind: 'before', days: 365 }, upcomingWithClinician: ' Dr. Rivera ', language: 'es' }, now);
    expect(wire).toEqual({ tags: ['flu'], minAge: 65, lastVisitBefore: now - 365 * DAY, upcomingWithClinician: 'Dr. Rivera', language: 'es' });
    expect(toWireAudience({ ...emptyAudience, lastVisit: { kind: 'within', days: 30 } }, now)).toEqual({ lastVisitAfter: now - 30 * DAY });
    // Whatever the form produces, the contract's strict schema accepts it.
    expect(audienceContract.safeParse(wire).success).toBe(true);
    const tomorrow = toWireAudience({ ...emptyAudience, appointments: { ...noAppointmentRule, range: 'tomorrow', status: 'unconfirmed', clinician: 'Dr. Chen' } }, now);
    expect(tomorrow).toEqual({ appointments: { range: { kind: 'tomorrow' }, status: 'unconfirmed', clinician: 'Dr. Chen' } });
    const nextDays = toWireAudience({ ...emptyAudience, appointments: { ...noAppointmentRule, range: 'nextDays', days: 5, location: 'Harbor' } }, now);
    expect(nextDays).toEqual({ appointments: { range: { kind: 'nextDays', days: 5 }, status: 'booked', location: 'Harbor' } });
    expect(audienceContract.safeParse(nextDays).success).toBe(true);
  });

  it('a saved audience loads back into the same form', () => {
    const now = Date.UTC(2030, 0, 31);
    const form = {
      ...emptyAudience,
      tags: ['flu'],
      ageMin: 18,
      lastVisit: { kind: 'within' as const, days: 90 },
      appointments: { ...noAppointmentRule, range: 'date' as const, date: '2030-02-03', status: 'confirmed' as const, clinician: 'Dr. Chen' },
      language: 'fr',
    };
    expect(fromWireAudience(toWireAudience(form, now), now)).toEqual(form);
    expect(fromWireAudience({}, now)).toEqual(emptyAudience);
  });

  it('refuses impossible ages and day counts before asking the core', () => {
    expect(audienceProblems(emptyAudience)).toEqual({});
    expect(audienceProblems({ ...emptyAudience, ageMin: 70, ageMax: 60 })).toEqual({ ageMax: 'Must be at least the minimum age' });
    expect(audienceProblems({ ...emptyAudience, ageMin: -1 }).ageMin).toBeDefined();
    expect(audienceProblems({ ...emptyAudience, lastVisit: { kind: 'within', days: 0 } }).lastVisit).toBeDefined();
    expect(audienceProblems({ ...emptyAudience, appointments: { ...noAppointmentRule, range: 'date', date: '' } }).appointments).toBe('Choose a date');
    expect(audienceProblems({ ...emptyAudience, appointments: { ...noAppointmentRule, range: 'nextDays', days: 0 } }).appointments).toBeDefined();
  });

  it('sums recipients per channel, held and excluded; without a breakdown the matched count stands', () => {
    const count: AudienceCount = {
      matched: 200,
      hasBreakdown: true,
      byChannel: { sms: 190, email: 2 },
      held: [{ reason: 'quiet_hours', label: 'Quiet hours', count: 5 }],
      excluded: [{ reason: 'opted_out', label: 'Opted out', count: 3 }],
      filteredBy: [],
    };
    expect(recipients(count)).toBe(192);
    expect(heldTotal(count)).toBe(5);
    expect(excludedTotal(count)).toBe(3);
    expect(describeChannels(count.byChannel)).toBe('190 by SMS, 2 by email');
    expect(recipients({ ...count, hasBreakdown: false })).toBe(200);
  });

  it('labels reason codes with the text staff see everywhere else, largest first', () => {
    expect(reasonLines({ no_template_content: 1 })[0]?.label).toMatch(/template has no text/);
    expect(reasonLines({ opted_out: 3, quiet_hours: 0, no_contact_point: 7, broadcast_cancelled: 2 })).toEqual([
      { reason: 'no_contact_point', count: 7, label: 'The patient has no usable address for this channel' },
      { reason: 'opted_out', count: 3, label: 'The patient opted out of this channel' },
      { reason: 'broadcast_cancelled', count: 2, label: 'The broadcast was cancelled before this patient was reached' },
    ]);
  });

  it('reads the core preview as now / held / excluded lines that add up to the matched count', () => {
    const count = toAudienceCount({
      count: 200,
      breakdown: { byChannel: { sms: 192 }, held: [{ reason: 'quiet_hours', count: 5 }], excluded: [{ reason: 'opted_out', count: 3 }] },
    });
    expect(recipients(count) + heldTotal(count) + excludedTotal(count)).toBe(200);
    expect(count.held).toEqual([{ reason: 'quiet_hours', count: 5, label: expect.any(String) as string }]);
    expect(count.excluded[0]).toMatchObject({ reason: 'opted_out', count: 3, label: 'The patient opted out of this channel' });
    // Above the preview limit the core gives the count only.
    expect(toAudienceCount({ count: 25_000, breakdown: null })).toMatchObject({ matched: 25_000, hasBreakdown: false });
  });

  it('folds delivery states into the progress rows: sending as queued, read as delivered, undelivered as failed', () => {
    const byState = { queued: 1, held: 5, sending: 2, sent: 3, delivered: 180, read: 4, failed: 1, undelivered: 1, cancelled: 0 };
    const wire = {
      id: 7, name: 'x', templateId: 1, templateVersionId: null, audience: {}, channelPolicy: {}, purpose: 'transactional' as const, emergency: false,
      scheduledAt: null, windowEndsAt: null, status: 'sending' as const, createdBy: 1, approvedBy: 1, createdAt: 0, updatedAt: 0, startedAt: 0, completedAt: null,
      counts: { total: 200, queued: 197, excluded: 3, pending: 0, byState, excludedBy: { opted_out: 3 } },
    };
    expect(toProgress(wire)).toMatchObject({ total: 200, pending: 0, excluded: 3, queued: 3, held: 5, sent: 3, delivered: 184, failed: 2, cancelled: 0 });
    expect(toProgress(wire).excludedBy).toEqual([{ reason: 'opted_out', count: 3, label: 'The patient opted out of this channel' }]);
  });
});
