import { describe, expect, it } from 'vitest';
import { snoozeChoices } from './snooze';

const US = { zone: 'America/New_York', locale: 'en-US' };

describe('snooze choices', () => {
  it('are one and three hours ahead, tomorrow 08:00 and next Monday 08:00 in the clinic zone', () => {
    // Thursday 15 January 2026, 10:00 in New York.
    const now = Date.UTC(2026, 0, 15, 15, 0);
    const [hour, three, tomorrow, monday] = snoozeChoices(now, US);
    expect(hour?.until).toBe(now + 3_600_000);
    expect(three?.until).toBe(now + 3 * 3_600_000);
    expect(tomorrow?.until).toBe(Date.UTC(2026, 0, 16, 13, 0));
    expect(monday?.until).toBe(Date.UTC(2026, 0, 19, 13, 0));
  });

  it('on a Monday, "Monday" means next week’s', () => {
    const monday = Date.UTC(2026, 0, 19, 15, 0);
    expect(snoozeChoices(monday, US)[3]?.until).toBe(Date.UTC(2026, 0, 26, 13, 0));
  });

  it("are labelled on the clinic's own clock: 12-hour in the US, 24-hour in Britain", () => {
    const now = Date.UTC(2026, 0, 15, 15, 0);
    const [, , usTomorrow, usMonday] = snoozeChoices(now, US);
    expect(usTomorrow?.label).toMatch(/^Tomorrow 8:00\sAM \(Fri, Jan 16\)$/);
    expect(usMonday?.label).toMatch(/^Monday 8:00\sAM \(Jan 19\)$/);
    const [, , ukTomorrow] = snoozeChoices(Date.UTC(2026, 0, 15, 10, 0), { zone: 'Europe/London', locale: 'en-GB' });
    expect(ukTomorrow?.label).toBe('Tomorrow 08:00 (Fri 16 Jan)');
  });
});
