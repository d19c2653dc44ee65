/**
 * The provider SDKs, loaded the first time a provider or poller is built rather than when the
 * core starts. Together twilio, nodemailer and imapflow are a few thousand files and tens of MB
 * of the core thread's memory (bench/startup.bench.ts), and a clinic on the sandbox (the
 * default) or on one provider never needs the others. `require` keeps construction synchronous;
 * each package ships CommonJS. Types come from `import type`, which loads nothing.
 */
import { createRequire } from 'node:module';
import type TwilioSdk from 'twilio';
import type Nodemailer from 'nodemailer';
import type * as ImapFlowModule from 'imapflow';

const load = createRequire(import.meta.url);

let twilioModule: typeof TwilioSdk | null = null;
let nodemailerModule: typeof Nodemailer | null = null;
let imapflowModule: typeof ImapFlowModule | null = null;

export function twilioSdk(): typeof TwilioSdk {
  return (twilioModule ??= load('twilio') as typeof TwilioSdk);
}

export function nodemailerSdk(): typeof Nodemailer {
  return (nodemailerModule ??= load('nodemailer') as typeof Nodemailer);
}

export function imapflowSdk(): typeof ImapFlowModule {
  return (imapflowModule ??= load('imapflow') as typeof ImapFlowModule);
}
