/**
 * Wire details of the Twilio REST API the fake must reproduce exactly (providers.md sections 1 and 7):
 * RFC 2822 dates with a literal "+0000", SM/CA sids, the legacy error body, error texts.
 */
import { randomBytes } from 'node:crypto';

/** `toUTCString()` with GMT replaced by +0000: the only format the SDK parses into a Date. */
export function twilioDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function newSid(prefix: 'SM' | 'CA' | 'PA' | 'MG' | 'PN'): string {
  return prefix + randomBytes(16).toString('hex');
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function errorBody(code: number, status: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Create-time errors tests can script per recipient, with Twilio's texts and HTTP status. */
export function createErrorFor(code: number, to: string, from: string): TwilioErrorBody {
  switch (code) {
    case 21211:
      return errorBody(code, 400, `The 'To' number ${to} is not a valid phone number.`);
    case 21408:
      return errorBody(code, 400, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
    case 21610:
      return errorBody(code, 400, 'Attempt to send to unsubscribed recipient');
    case 21611:
      return errorBody(code, 400, `This 'From' number ${from} has exceeded the maximum number of queued messages`);
    case 21612:
      return errorBody(code, 400, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`);
    case 21614:
      return errorBody(code, 400, `'To' number ${to} is not a valid mobile number`);
    case 63016:
      return errorBody(
        code,
        400,
        'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
      );
    default:
      return errorBody(code, 400, `Scripted error ${code}`);
  }
}

/** Texts for asynchronous error codes (message/call resources carry them as error_message). */
export function asyncErrorMessage(code: number): string {
  switch (code) {
    case 30001:
      return 'Queue overflow';
    case 30003:
      return 'Unreachable destination handset';
    case 30004:
      return 'Message blocked';
    case 30005:
      return 'Unknown destination handset';
    case 30006:
      return 'Landline or unreachable carrier';
    case 30007:
      return 'Message filtered';
    case 30008:
      return 'Unknown error';
    case 63016:
      return 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.';
    default:
      return `Error ${code}`;
  }
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/** A phone address with an optional channel prefix (`whatsapp:+1555…`). */
export function splitAddress(address: string): { channel: 'sms' | 'whatsapp'; number: string } {
  if (address.startsWith('whatsapp:')) return { channel: 'whatsapp', number: address.slice('whatsapp:'.length) };
  return { channel: 'sms', number: address };
}

/** An HTTP answer: status and JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

export function answer(status: number, body: unknown): Answer {
  return { status, body };
}

export function notFound(path: string): Answer {
  return answer(404, errorBody(20404, 404, `The requested resource ${path} was not found`));
}

/** Twilio's JSON carries whole seconds; the fake stores dates the same way. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** A list filter value: `YYYY-MM-DD` (a whole GMT day) or a full ISO date-time (what the SDK sends). */
export function parseDateFilter(value: string): { start: number; dayOnly: boolean } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(t) ? null : { start: t, dayOnly: true };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : { start: t, dayOnly: false };
}
