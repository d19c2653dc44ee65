import { describe, expect, it } from 'vitest';
import { snoozeChoices } from './snooze';

describe('snooze choices', () => {
  it('are one and three hours ahead, tomorrow 08:00 and next Monday 08:00 in the clinic zone', () => {
    // Thursday 15 January 2026, 10:00 in New York.
    const now = Date.UTC(2026, 0, 15, 15, 0);
    const [hour, three, tomorrow, monday] = snoozeChoices(now, 'America/New_York');
    expect(hour?.until).toBe(now + 3_600_000);
    expect(three?.until).toBe(now + 3 * 3_600_000);
    expect(tomorrow?.until).toBe(Date.UTC(2026, 0, 16, 13, 0));
    expect(monday?.until).toBe(Date.UTC(2026, 0, 19, 13, 0));
  });

  it('on a Monday, "Monday" means next week’s', () => {
    const monday = Date.UTC(2026, 0, 19, 15, 0);
    expect(snoozeChoices(monday, 'America/New_York')[3]?.until).toBe(Date.UTC(2026, 0, 26, 13, 0));
  });
});
