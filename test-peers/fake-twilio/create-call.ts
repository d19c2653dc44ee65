/** POST Calls.json: Twilio's validation errors, scripted create errors and how the call ends (providers.md 7). */
import type { AcceptedLog } from './accepted-log';
import type { CallStore } from './call-store';
import type { Scripts } from './scripts';
import { answer, createErrorFor, E164, errorBody, type Answer } from './wire-format';

export interface CallContext {
  calls: CallStore;
  scripts: Scripts;
  log: AcceptedLog;
  clock: () => Date;
}

export function createCall(form: URLSearchParams, ctx: CallContext): Answer {
  const to = form.get('To');
  const from = form.get('From');
  const twiml = form.get('Twiml');
  const url = form.get('Url');
  if (!to) return answer(400, errorBody(21201, 400, "No 'To' number is specified"));
  if (!from) return answer(400, errorBody(21213, 400, "No 'From' number is specified"));
  if (!twiml && !url && !form.get('ApplicationSid')) return answer(400, errorBody(21205, 400, 'Url parameter is required.'));
  if (!E164.test(to)) return answer(400, errorBody(21211, 400, `The 'To' number ${to} is not a valid phone number.`));
  const script = ctx.scripts.take(to);
  if (script?.createError !== undefined) return answer(400, createErrorFor(script.createError, to, from));
  const call = ctx.calls.create({ to, from, outcome: ctx.scripts.callOutcome(to), twiml, url });
  ctx.log.add({
    kind: 'call',
    sid: call.sid,
    to,
    from,
    body: null,
    contentSid: null,
    contentVariables: null,
    mediaUrl: [],
    twiml,
    url,
    statusCallback: form.get('StatusCallback'),
    segments: 0,
    marker: ctx.log.markerOf([twiml, url, form.get('StatusCallback')]),
    time: ctx.clock().toISOString(),
  });
  return answer(201, ctx.calls.toJson(call));
}
