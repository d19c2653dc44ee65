/** Messaging Services' phone numbers, listed at /v1/Services/{MG…}/PhoneNumbers (messaging.twilio.com). */
import { answer, newSid, notFound, wholeSeconds, type Answer } from './wire-format';

export class ServiceNumbers {
  private readonly numbers = new Map<string, string[]>();

  constructor(
    private readonly accountSid: string,
    private readonly clock: () => Date,
  ) {}

  add(serviceSid: string, numbers: string[]): void {
    this.numbers.set(serviceSid, [...(this.numbers.get(serviceSid) ?? []), ...numbers]);
  }

  /** One page holding every number (the v1 list shape: `phone_numbers` plus `meta`). */
  list(serviceSid: string, url: URL): Answer {
    const numbers = this.numbers.get(serviceSid);
    if (!numbers) return notFound(url.pathname);
    const created = wholeSeconds(this.clock()).toISOString();
    return answer(200, {
      phone_numbers: numbers.map((n) => ({
        sid: newSid('PN'),
        account_sid: this.accountSid,
        service_sid: serviceSid,
        date_created: created,
        date_updated: created,
        phone_number: n,
        country_code: 'US',
        capabilities: ['SMS', 'MMS'],
        url: `https://messaging.twilio.com${url.pathname}`,
      })),
      meta: { page: 0, page_size: numbers.length, first_page_url: null, previous_page_url: null, next_page_url: null, url: url.href, key: 'phone_numbers' },
    });
  }
}
