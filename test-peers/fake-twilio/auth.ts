/** HTTP Basic auth with the account sid and its current token; anything else is Twilio's 401 / 20003. */
import { errorBody, type TwilioErrorBody } from './wire-format';

export function authError(header: string | undefined, accountSid: string, token: string): TwilioErrorBody | null {
  const expected = 'Basic ' + Buffer.from(`${accountSid}:${token}`).toString('base64');
  return (header ?? '') === expected ? null : errorBody(20003, 401, 'Authenticate');
}
