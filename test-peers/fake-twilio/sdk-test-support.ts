/**
 * What the fake Twilio's SDK-driven tests share: the fake started per test (closed after it), the
 * real `twilio` SDK pointed at it, a temp folder per test, and readers for the two kinds of error
 * the SDK raises. Not a test itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { FakeTwilio, type FakeTwilioOptions } from './index';

export const FROM = '+15005550006';

let fake: FakeTwilio | undefined;
let tmp = '';

export async function startFake(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  fake = await FakeTwilio.start(options);
  return fake;
}

/** This test's temp folder (made before it, removed after). */
export const tmpDir = (): string => tmp;

export function sdk(f: FakeTwilio, opts: { autoRetry?: boolean; timeout?: number; token?: string } = {}): twilio.Twilio {
  const client = twilio(f.accountSid, opts.token ?? f.authToken, { autoRetry: opts.autoRetry ?? false, maxRetries: 3, timeout: opts.timeout });
  client.api.baseUrl = f.baseUrl;
  return client;
}

export async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number; moreInfo: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(twilio.RestException);
    const e = err as InstanceType<typeof twilio.RestException>;
    return { status: e.status, code: e.code ?? 0, moreInfo: e.moreInfo ?? '', message: e.message };
  }
  throw new Error('expected a RestException');
}

export async function networkError(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).not.toBeInstanceOf(twilio.RestException);
    return err as Error & { code?: string };
  }
  throw new Error('expected a network error');
}

/** Registers the per-test set-up: no region/edge from the environment, a temp folder, the fake closed after. */
export function useFakeTwilioPerTest(): void {
  beforeEach(() => {
    vi.stubEnv('TWILIO_REGION', '');
    vi.stubEnv('TWILIO_EDGE', '');
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-twilio-'));
  });

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
}
