/**
 * Child process of lazy-sdks.test.ts: records every package this process resolves (import and
 * require alike), starts a whole core on the sandbox provider, then builds a Twilio and an SMTP
 * provider, and prints which SDKs had been loaded at each point as one JSON line.
 */
import { registerHooks } from 'node:module';

const WATCHED = ['twilio', 'nodemailer', 'imapflow'];
const seen = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const name = WATCHED.find((w) => specifier === w || specifier.startsWith(`${w}/`));
    if (name) seen.add(name);
    return nextResolve(specifier, context);
  },
});

const { createTestCore } = await import('./test-core');
const { createTwilioProvider } = await import('../providers/twilio-provider');
const { createSmtpProvider } = await import('../providers/smtp-provider');
const { systemClock } = await import('../foundation/clock');

const core = await createTestCore();
core.core.start();
await new Promise((resolve) => setTimeout(resolve, 200));
const afterStart = [...seen].sort();
await core.dispose();
createTwilioProvider({ accountSid: 'AC00000000000000000000000000000000', authToken: 'token', smsFrom: '+15005550006', apiBaseUrl: 'http://127.0.0.1:9' });
const afterTwilio = [...seen].sort();
const smtp = createSmtpProvider({ primary: { host: '127.0.0.1', port: 9, secure: false }, fromAddress: 'desk@clinic.test', messageIdDomain: 'clinic.test', clock: systemClock });
await smtp.close();
const afterSmtp = [...seen].sort();
process.stdout.write(`RESULT ${JSON.stringify({ afterStart, afterTwilio, afterSmtp })}\n`);
