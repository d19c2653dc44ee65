/**
 * For scheduler-harness tests against the fake Twilio (inbound polling, STOP handling, voice
 * reminders): a harness on a fake clock, a FakeTwilio that tells time by that clock, Twilio as the
 * SMS provider with the fake's credentials (SMS from +15005550006 unless told otherwise), and
 * both closed after each test, also after a restart. Test code only.
 */
import { afterEach } from 'vitest';
import { FakeTwilio } from '../../test-peers/fake-twilio';
import { defaultProviderSettings, SECRET_KEYS, type ProviderSettings } from '../providers/provider-settings';
import { openHarness, type Harness, type HarnessOptions } from './test-harness';

export type TwilioOverrides = Partial<ProviderSettings['twilio']>;

export interface TwilioRig {
  h: Harness;
  fake: FakeTwilio;
  /** Closes `from` and opens the store again on the same folder (an app restart), configured the same. */
  restart(from: Harness): Promise<Harness>;
}

function configure(h: Harness, fake: FakeTwilio, twilio: TwilioOverrides): void {
  h.secrets.set(SECRET_KEYS.twilioAuthToken, fake.authToken);
  h.engine.providerSettings.save({
    ...defaultProviderSettings,
    smsProvider: 'twilio',
    twilio: { ...defaultProviderSettings.twilio, accountSid: fake.accountSid, smsFrom: '+15005550006', apiBaseUrl: fake.baseUrl, ...twilio },
  });
}

/** Call at the top of a test file; `open` in each test. */
export function useTwilioRig(): { open(options: HarnessOptions, twilio?: TwilioOverrides): Promise<TwilioRig> } {
  let current: Harness | null = null;
  let fake: FakeTwilio | null = null;
  afterEach(async () => {
    await current?.dispose();
    await fake?.close();
    current = null;
    fake = null;
  });
  return {
    async open(options, twilio = {}) {
      // The SDK would send requests to a regional host instead of the fake.
      delete process.env.TWILIO_REGION;
      delete process.env.TWILIO_EDGE;
      const h = openHarness(options);
      current = h;
      const f = await FakeTwilio.start({ now: () => new Date(h.clock.now()) });
      fake = f;
      configure(h, f, twilio);
      return {
        h,
        fake: f,
        restart: async (from) => {
          const next = await from.restart();
          current = next;
          configure(next, f, twilio);
          return next;
        },
      };
    },
  };
}
